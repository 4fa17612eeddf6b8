using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Tests.Support;

/// <summary>Builds bindings and transformers with the strategy's defaults plus overrides.</summary>
internal static class Bind
{
    public static readonly RunSecret Secret = RunSecret.FromText("correct horse battery staple");
    public static readonly RunSecret OtherSecret = RunSecret.FromText("a different secret of enough length");
    public static readonly StrategyRegistry Registry = StrategyRegistry.CreateDefault();

    public static StrategyBinding For(string strategy, Column column, object?[]? arguments = null, RunSecret? secret = null, bool unique = false, bool key = false)
    {
        var definition = Registry.Find(strategy)!;
        var values = new Dictionary<string, object?>();
        foreach (var p in definition.Parameters) values[p.Name] = p.Default;
        for (var i = 0; arguments is not null && i < arguments.Length; i += 2) values[(string)arguments[i]!] = arguments[i + 1];
        return new StrategyBinding
        {
            Table = new TableName("registry", "patient"),
            Column = column,
            Arguments = new StrategyArguments(values),
            Secret = secret ?? Secret,
            RequiresUniqueness = unique || key,
            IsKey = key,
        };
    }

    public static IColumnTransformer Transformer(string strategy, Column column, object?[]? arguments = null, RunSecret? secret = null) =>
        Registry.Find(strategy)!.Create(For(strategy, column, arguments, secret));
}
