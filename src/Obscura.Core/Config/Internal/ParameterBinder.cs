using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Strategies;

namespace Obscura.Core.Config.Internal;

/// <summary>Turns a rule's YAML scalars into typed <see cref="StrategyArguments"/> (defaults filled in), reporting every problem.</summary>
internal static class ParameterBinder
{
    /// <summary>The arguments, or null when any parameter was wrong (all reported).</summary>
    public static StrategyArguments? Bind(StrategyDefinition definition, ColumnRule rule, string path, DiagnosticBag diagnostics)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (name, scalar) in rule.Parameters)
        {
            var parameter = Find(definition, name);
            if (parameter is null && definition is IDynamicParameters dynamic && dynamic.FindDynamicParameter(name) is not null)
            {
                // Names only known from the config (e.g. then_<param>): passed as text, the strategy converts them.
                values[name] = scalar.Text;
                continue;
            }
            if (parameter is null)
            {
                diagnostics.Error(scalar.Location.Path, DiagnosticCodes.UnknownParameter, UnknownMessage(definition, name), scalar.Location.Line, scalar.Location.Column);
                ok = false;
                continue;
            }
            if (!TryConvert(parameter, scalar, out var value, out var problem))
            {
                diagnostics.Error(scalar.Location.Path, DiagnosticCodes.InvalidParameter, problem!, scalar.Location.Line, scalar.Location.Column);
                ok = false;
                continue;
            }
            values[name] = value;
        }
        foreach (var parameter in definition.Parameters)
        {
            if (values.ContainsKey(parameter.Name) || rule.Parameters.ContainsKey(parameter.Name)) continue;
            if (parameter.Required)
            {
                diagnostics.Error(path, DiagnosticCodes.MissingParameter,
                    $"strategy '{definition.Name}' needs '{parameter.Name}': {parameter.Description}", rule.Location.Line, rule.Location.Column);
                ok = false;
                continue;
            }
            values[parameter.Name] = parameter.Default;
        }
        return ok ? new StrategyArguments(values) : null;
    }

    private static StrategyParameter? Find(StrategyDefinition definition, string name)
    {
        foreach (var p in definition.Parameters) if (p.Name == name) return p;
        return null;
    }

    private static string UnknownMessage(StrategyDefinition definition, string name)
    {
        if (definition.Parameters.Count == 0 && definition is not IDynamicParameters) return $"strategy '{definition.Name}' takes no parameters, so '{name}' is unknown";
        var names = new List<string>();
        foreach (var p in definition.Parameters) names.Add(p.Name);
        if (definition is IDynamicParameters dynamic)
        {
            foreach (var p in dynamic.DynamicParameters) names.Add(p.Name);
        }
        var hint = NameSuggester.Suggest(name, names) is [var best, ..] ? $"did you mean '{best}'? " : string.Empty;
        return $"strategy '{definition.Name}' has no parameter '{name}'; {hint}it accepts: {string.Join(", ", names)}";
    }

    private static bool TryConvert(StrategyParameter parameter, ConfigScalar scalar, out object? value, out string? problem) =>
        TryConvertText(parameter, scalar.Text, scalar.Quoted, out value, out problem);

    /// <summary>
    /// The one set of rules that turns parameter text (YAML scalars, <c>--param</c>, nested <c>then_*</c> values) into a
    /// typed value; <paramref name="quoted"/> text is never read as "no value".
    /// </summary>
    public static bool TryConvertText(StrategyParameter parameter, string text, bool quoted, out object? value, out string? problem)
    {
        value = null;
        problem = null;
        switch (parameter.Kind)
        {
            case ParameterKind.String:
                if (!quoted && text is "" or "~" or "null" or "Null" or "NULL")
                {
                    problem = $"'{parameter.Name}' has no value; quote it (\"{text}\") to pass it as text";
                    return false;
                }
                value = text;
                return true;
            case ParameterKind.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    value = l;
                    return true;
                }
                problem = $"'{parameter.Name}' expects a whole number, not '{text}'";
                return false;
            case ParameterKind.Number:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    value = d;
                    return true;
                }
                problem = $"'{parameter.Name}' expects a number, not '{text}'";
                return false;
            case ParameterKind.Boolean:
                switch (text.ToUpperInvariant())
                {
                    case "TRUE" or "YES" or "ON":
                        value = true;
                        return true;
                    case "FALSE" or "NO" or "OFF":
                        value = false;
                        return true;
                    default:
                        problem = $"'{parameter.Name}' expects true or false, not '{text}'";
                        return false;
                }
            default:
                var choices = parameter.Choices ?? [];
                foreach (var choice in choices)
                {
                    if (choice != text) continue;
                    value = choice;
                    return true;
                }
                var hint = NameSuggester.Suggest(text, choices) is [var best, ..] ? $"did you mean '{best}'? " : string.Empty;
                problem = $"'{parameter.Name}' cannot be '{text}'; {hint}it must be one of: {string.Join(", ", choices)}";
                return false;
        }
    }
}
