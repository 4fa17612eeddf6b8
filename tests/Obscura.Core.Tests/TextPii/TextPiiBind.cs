using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.TextPii;

/// <summary>Bindings, transformers and diagnostics of the text_pii strategy with its defaults plus overrides.</summary>
internal static class TextPiiBind
{
    public static readonly TextPiiStrategy Strategy = new();

    public static StrategyBinding For(Column column, object?[]? arguments = null, RunSecret? secret = null)
    {
        var values = new Dictionary<string, object?>();
        foreach (var p in Strategy.Parameters) values[p.Name] = p.Default;
        for (var i = 0; arguments is not null && i < arguments.Length; i += 2) values[(string)arguments[i]!] = arguments[i + 1];
        return new StrategyBinding
        {
            Table = new TableName("support", "ticket"),
            Column = column,
            Arguments = new StrategyArguments(values),
            Secret = secret ?? Bind.Secret,
        };
    }

    public static IColumnTransformer Transformer(object?[]? arguments = null, Column? column = null, RunSecret? secret = null) =>
        Strategy.Create(For(column ?? Columns.Text("body"), arguments, secret));

    public static string Scrub(string text, params object?[] arguments) => (string)Transformer(arguments).Transform(text)!;

    public static DiagnosticBag Validate(object?[]? arguments = null, Column? column = null)
    {
        var bag = new DiagnosticBag();
        Strategy.Validate(For(column ?? Columns.Text("body"), arguments), "tables.ticket.columns.body", bag);
        return bag;
    }
}
