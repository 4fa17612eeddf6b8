using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Faker;

/// <summary>Bindings, transformers and diagnostics of the faker strategy with its defaults plus overrides.</summary>
internal static class FakerBind
{
    public static readonly FakerStrategy Strategy = new();

    public static StrategyBinding For(string kind, Column column, object?[]? arguments = null, RunSecret? secret = null, bool unique = false, TableName? table = null)
    {
        var values = new Dictionary<string, object?>();
        foreach (var p in Strategy.Parameters) values[p.Name] = p.Default;
        values["kind"] = kind;
        for (var i = 0; arguments is not null && i < arguments.Length; i += 2) values[(string)arguments[i]!] = arguments[i + 1];
        return new StrategyBinding
        {
            Table = table ?? new TableName("registry", "patient"),
            Column = column,
            Arguments = new StrategyArguments(values),
            Secret = secret ?? Bind.Secret,
            RequiresUniqueness = unique,
        };
    }

    public static IColumnTransformer Transformer(string kind, Column? column = null, object?[]? arguments = null, RunSecret? secret = null, bool unique = false) =>
        Strategy.Create(For(kind, column ?? Columns.Text("value"), arguments, secret, unique));

    public static DiagnosticBag Validate(string kind, Column? column = null, object?[]? arguments = null, bool unique = false)
    {
        var bag = new DiagnosticBag();
        Strategy.Validate(For(kind, column ?? Columns.Text("value"), arguments, unique: unique), "tables.patient.columns.value", bag);
        return bag;
    }

    public static string Text(string kind, object input, int? maxLength = null, object?[]? arguments = null, bool unique = false) =>
        (string)Transformer(kind, Columns.Text("value", maxLength), arguments, unique: unique).Transform(input)!;
}
