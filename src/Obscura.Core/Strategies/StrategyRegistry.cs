namespace Obscura.Core.Strategies;

/// <summary>Strategies by config name; built with <see cref="StrategyRegistryBuilder"/>. A duplicate name fails at build.</summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, StrategyDefinition> _byName;

    internal StrategyRegistry(Dictionary<string, StrategyDefinition> byName) => _byName = byName;

    /// <summary>The built-in strategies.</summary>
    public static StrategyRegistry CreateDefault() => new StrategyRegistryBuilder().AddBuiltIns().Build();

    /// <summary>All strategies, ordered by name.</summary>
    public IReadOnlyList<StrategyDefinition> All => _byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>The strategy with that exact name, or null.</summary>
    public StrategyDefinition? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>Builds a <see cref="StrategyRegistry"/>.</summary>
public sealed class StrategyRegistryBuilder
{
    private readonly Dictionary<string, StrategyDefinition> _byName = new(StringComparer.Ordinal);

    /// <summary>Adds a strategy. </summary>
    /// <exception cref="InvalidOperationException">The name is already taken.</exception>
    public StrategyRegistryBuilder Add(StrategyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!_byName.TryAdd(definition.Name, definition)) throw new InvalidOperationException($"strategy '{definition.Name}' is registered twice");
        return this;
    }

    /// <summary>Adds every built-in strategy.</summary>
    /// <remarks>Composite strategies (<c>when</c>, <c>json</c>) resolve their inner strategies by name from this builder.</remarks>
    public StrategyRegistryBuilder AddBuiltIns()
    {
        StrategyDefinition? Resolve(string name) => _byName.GetValueOrDefault(name);
        return Add(new NullStrategy()).Add(new FixedStrategy()).Add(new HashStrategy()).Add(new MaskStrategy())
            .Add(new FakerStrategy()).Add(new FpeStrategy()).Add(new DateShiftStrategy()).Add(new NoiseStrategy())
            .Add(new GeneralizeStrategy()).Add(new ScrambleStrategy()).Add(new RegexStrategy()).Add(new TemplateStrategy())
            .Add(new TextPiiStrategy()).Add(new WhenStrategy(Resolve)).Add(new JsonStrategy(Resolve));
    }

    /// <summary>Builds the registry.</summary>
    public StrategyRegistry Build() => new(new Dictionary<string, StrategyDefinition>(_byName, StringComparer.Ordinal));
}
