using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Binds an inner strategy of <c>when</c> or <c>json</c> from flat, prefixed config parameters: resolves it by name,
/// converts the raw (usually text) values to its parameter kinds, fills its defaults, and checks it the way the planner
/// checks a top-level rule (type, NULL, secret) before running its own <see cref="StrategyDefinition.Validate"/>.
/// </summary>
internal static class RowNestedStrategy
{
    /// <summary>The pseudo-strategy name that leaves the value as it is.</summary>
    public const string Keep = "keep";

    /// <summary>
    /// The inner binding, or null when anything is wrong (every problem reported into <paramref name="diagnostics"/>
    /// under <paramref name="path"/>; <paramref name="prefix"/> is how the inner parameters are spelled in the config).
    /// </summary>
    public static StrategyBinding? Bind(Func<string, StrategyDefinition?> resolve, string name, StrategyBinding outer, Column column,
        IReadOnlyList<KeyValuePair<string, object?>> parameters, string path, string prefix, DiagnosticBag diagnostics, out StrategyDefinition? definition)
    {
        definition = resolve(name);
        if (definition is null)
        {
            diagnostics.Error(path, DiagnosticCodes.UnknownStrategy, $"unknown strategy '{name}'" + (name == Keep ? "" : $" (or '{Keep}' to leave the value as it is)"));
            return null;
        }
        var local = new DiagnosticBag();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in definition.Parameters) values[p.Name] = p.Default;
        foreach (var (parameterName, raw) in parameters)
        {
            var parameter = Find(definition, parameterName);
            if (parameter is null)
            {
                if (definition is IDynamicParameters dynamic && dynamic.FindDynamicParameter(parameterName) is not null)
                {
                    values[parameterName] = raw;
                    continue;
                }
                var names = new List<string>();
                foreach (var p in definition.Parameters) names.Add(prefix + p.Name);
                local.Error(path, DiagnosticCodes.UnknownParameter, names.Count == 0
                    ? $"strategy '{definition.Name}' takes no parameters, so '{prefix}{parameterName}' is unknown"
                    : $"strategy '{definition.Name}' has no parameter '{parameterName}' ('{prefix}{parameterName}'); it accepts: {string.Join(", ", names)}");
                continue;
            }
            if (!TryConvert(parameter, raw, out var value))
            {
                var expected = parameter.Kind switch
                {
                    ParameterKind.Integer => "a whole number",
                    ParameterKind.Number => "a number",
                    ParameterKind.Boolean => "true or false",
                    ParameterKind.Choice => "one of: " + string.Join(", ", parameter.Choices ?? []),
                    _ => "text",
                };
                local.Error(path, DiagnosticCodes.InvalidParameter, $"'{prefix}{parameterName}' expects {expected}");
                continue;
            }
            values[parameterName] = value;
        }
        foreach (var p in definition.Parameters)
        {
            if (p.Required && values[p.Name] is null)
                local.Error(path, DiagnosticCodes.MissingParameter, $"strategy '{definition.Name}' needs '{prefix}{p.Name}': {p.Description}");
        }
        var where = $"{outer.Table}.{column.Name}";
        if (!definition.AcceptedTypes.Contains(column.TypeClass))
            local.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"strategy '{definition.Name}' cannot produce values for {where} ({TypeClassNames.Of(column.TypeClass)}); it accepts: {TypeClassNames.Join(definition.AcceptedTypes)}");
        if (definition.ProducesNull && !column.IsNullable)
            local.Error(path, DiagnosticCodes.NullOnNotNull, $"strategy '{definition.Name}' writes NULL, but {where} is NOT NULL");
        var arguments = new StrategyArguments(values);
        if (outer.Secret is null && !local.HasErrors && definition.NeedsSecretFor(arguments))
            local.Error(path, DiagnosticCodes.MissingSecret, $"strategy '{definition.Name}' needs the run secret: set OBSCURA_SECRET or pass --secret-file");

        StrategyBinding? binding = null;
        if (!local.HasErrors)
        {
            binding = outer with { Column = column, Arguments = arguments };
            definition.Validate(binding, path, local);
        }
        diagnostics.AddRange(local.Items);
        return local.HasErrors ? null : binding;
    }

    /// <summary>
    /// Whether the inner strategy <paramref name="name"/> with these raw parameters needs the run secret (unknown
    /// strategies do not: they are reported by validation instead).
    /// </summary>
    public static bool NeedsSecret(Func<string, StrategyDefinition?> resolve, string name, IReadOnlyList<KeyValuePair<string, object?>> parameters)
    {
        if (resolve(name) is not { } definition) return false;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in definition.Parameters) values[p.Name] = p.Default;
        foreach (var (parameterName, raw) in parameters)
        {
            var parameter = Find(definition, parameterName);
            values[parameterName] = parameter is not null && TryConvert(parameter, raw, out var value) ? value : raw;
        }
        return definition.NeedsSecretFor(new StrategyArguments(values));
    }

    /// <summary>Binds for <see cref="StrategyDefinition.Create"/>: the same checks, throwing on the first error.</summary>
    /// <exception cref="InvalidOperationException">The inner strategy does not bind (validate first).</exception>
    public static (StrategyDefinition Definition, StrategyBinding Binding) BindOrThrow(Func<string, StrategyDefinition?> resolve, string name, StrategyBinding outer,
        Column column, IReadOnlyList<KeyValuePair<string, object?>> parameters, string prefix)
    {
        var diagnostics = new DiagnosticBag();
        var binding = Bind(resolve, name, outer, column, parameters, "", prefix, diagnostics, out var definition);
        if (binding is null || definition is null)
        {
            foreach (var d in diagnostics.Items)
                if (d.Severity == Severity.Error) throw new InvalidOperationException($"inner strategy '{name}' of {outer.Table}.{outer.Column.Name}: {d.Message}");
            throw new InvalidOperationException($"inner strategy '{name}' of {outer.Table}.{outer.Column.Name} cannot be bound");
        }
        return (definition, binding);
    }

    /// <summary>Converts a raw value (text from the config, or an already-typed default) to a parameter's kind.</summary>
    public static bool TryConvert(StrategyParameter parameter, object? raw, out object? value)
    {
        value = null;
        switch (raw)
        {
            case null:
                return true;
            case string text:
                // Text follows exactly the config's rules (Config.Internal.ParameterBinder).
                return Config.Internal.ParameterBinder.TryConvertText(parameter, text, quoted: true, out value, out _);
            default:
                // Typed values come from parameter defaults: convert through their invariant text form.
                return Config.Internal.ParameterBinder.TryConvertText(parameter,
                    raw is bool b ? (b ? "true" : "false") : Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty,
                    quoted: true, out value, out _);
        }
    }

    private static StrategyParameter? Find(StrategyDefinition definition, string name)
    {
        foreach (var p in definition.Parameters) if (p.Name == name) return p;
        return null;
    }
}
