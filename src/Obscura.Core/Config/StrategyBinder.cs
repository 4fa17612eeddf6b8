using Obscura.Core.Config.Internal;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Config;

/// <summary>
/// Binds one strategy to one stand-alone column, with parameters given as text (<c>--param key=value</c>): what
/// <c>obscura transform</c> previews. Uses the same parameter conversion and checks as the config planner.
/// </summary>
public static class StrategyBinder
{
    /// <summary>The bound transform, or null when any problem was reported into <paramref name="diagnostics"/>.</summary>
    public static ColumnTransform? Bind(
        StrategyRegistry registry, string strategy, IReadOnlyDictionary<string, string> parameters, Column column, RunSecret? secret, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var definition = registry.Find(strategy);
        if (definition is null)
        {
            diagnostics.Error("--strategy", DiagnosticCodes.UnknownStrategy,
                $"unknown strategy '{strategy}' (available: {string.Join(", ", registry.All.Select(s => s.Name))})");
            return null;
        }
        if (definition is IColumnPreparation)
        {
            diagnostics.Error("--strategy", DiagnosticCodes.InvalidParameter,
                $"strategy '{strategy}' works on a whole source column during a copy (it counts or stores values first), so it cannot be previewed value by value");
            return null;
        }
        var rule = new ColumnRule
        {
            Column = column.Name,
            Strategy = strategy,
            Parameters = parameters.ToDictionary(kv => kv.Key, kv => new ConfigScalar(kv.Value, new SourceLocation("--param " + kv.Key, 0, 0))),
        };
        var arguments = ParameterBinder.Bind(definition, rule, "--param", diagnostics);
        if (!definition.AcceptedTypes.Contains(column.TypeClass))
        {
            diagnostics.Error("--column-type", DiagnosticCodes.TypeNotAccepted,
                $"strategy '{strategy}' cannot produce {column.TypeClass} values; it accepts: {string.Join(", ", definition.AcceptedTypes)}");
        }
        if (arguments is not null && definition.NeedsSecretFor(arguments) && secret is null)
        {
            diagnostics.Error("--strategy", DiagnosticCodes.MissingSecret, $"strategy '{strategy}' needs a secret: set OBSCURA_SECRET or pass --secret-file");
        }
        if (arguments is null || diagnostics.HasErrors) return null;
        var binding = new StrategyBinding
        {
            Table = new TableName(null, "stdin"), Column = column, Arguments = arguments, Secret = secret, RowColumns = [column],
        };
        definition.Validate(binding, "--param", diagnostics);
        return diagnostics.HasErrors ? null : new ColumnTransform { Column = column.Name, Strategy = strategy, Binding = binding, Definition = definition };
    }
}
