using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Tests.RowStrategies;

/// <summary>Builds bindings by hand for the row strategies (defaults plus overrides), with a resolver for inner strategies.</summary>
internal static class RowBind
{
    public static readonly RunSecret Secret = RunSecret.FromText("row strategies test secret");
    public static readonly RunSecret OtherSecret = RunSecret.FromText("another secret, also long enough");

    private static readonly StrategyRegistry Defaults = StrategyRegistry.CreateDefault();
    private static readonly Dictionary<string, StrategyDefinition> Mine = Build();

    public static StrategyDefinition? Resolve(string name) => Mine.GetValueOrDefault(name) ?? Defaults.Find(name);

    public static StrategyDefinition Definition(string name) => Resolve(name) ?? throw new ArgumentException($"no strategy {name}", nameof(name));

    public static StrategyBinding For(string strategy, Column column, object?[]? arguments = null, IReadOnlyList<Column>? row = null,
        RunSecret? secret = null, string table = "patient")
    {
        var definition = Definition(strategy);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in definition.Parameters) values[p.Name] = p.Default;
        for (var i = 0; arguments is not null && i < arguments.Length; i += 2) values[(string)arguments[i]!] = arguments[i + 1];
        return new StrategyBinding
        {
            Table = new TableName("registry", table),
            Column = column,
            Arguments = new StrategyArguments(values),
            Secret = secret ?? Secret,
            RowColumns = row ?? [column],
        };
    }

    public static IColumnTransformer Create(string strategy, Column column, object?[]? arguments = null, IReadOnlyList<Column>? row = null,
        RunSecret? secret = null, string table = "patient") =>
        Definition(strategy).Create(For(strategy, column, arguments, row, secret, table));

    public static IReadOnlyList<Diagnostic> Validate(string strategy, Column column, object?[]? arguments = null, IReadOnlyList<Column>? row = null, RunSecret? secret = null)
    {
        var bag = new DiagnosticBag();
        Definition(strategy).Validate(For(strategy, column, arguments, row, secret), "tables.patient.columns." + column.Name, bag);
        return bag.Items;
    }

    public static RowContext Row(IReadOnlyList<Column> columns, params object?[] originals)
    {
        var row = new RowContext(columns);
        for (var i = 0; i < originals.Length; i++) row.SetOriginal(i, originals[i]);
        return row;
    }

    public static object? Apply(IColumnTransformer transformer, object? value, RowContext row) =>
        transformer is IRowAwareTransformer rowAware ? rowAware.Transform(value, row) : transformer.Transform(value);

    private static Dictionary<string, StrategyDefinition> Build()
    {
        var mine = new Dictionary<string, StrategyDefinition>(StringComparer.Ordinal);
        StrategyDefinition[] all =
        [
            new DateShiftStrategy(), new NoiseStrategy(), new GeneralizeStrategy(), new ScrambleStrategy(), new RegexStrategy(), new TemplateStrategy(),
            new WhenStrategy(Resolve), new JsonStrategy(Resolve),
        ];
        foreach (var d in all) mine.Add(d.Name, d);
        return mine;
    }
}
