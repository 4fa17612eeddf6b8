using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Strategies;

public sealed class StrategyRegistryTests
{
    private static readonly string[] Core = ["fixed", "hash", "mask", "null"];
    private static readonly string[] KeyedFirst = ["hash", "null", "fixed", "mask"];

    [Fact]
    public void Built_ins_include_null_fixed_hash_and_mask() =>
        Assert.All(Core, name => Assert.NotNull(StrategyRegistry.CreateDefault().Find(name)));

    [Fact]
    public void All_lists_strategies_ordered_by_name()
    {
        var names = StrategyRegistry.CreateDefault().All.Select(s => s.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Adding_built_ins_twice_fails_at_build() =>
        Assert.Throws<InvalidOperationException>(() => new StrategyRegistryBuilder().AddBuiltIns().AddBuiltIns());

    [Fact]
    public void Every_built_in_describes_itself()
    {
        foreach (var s in Core.Select(name => Bind.Registry.Find(name)!))
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
            Assert.Contains(s.Name, s.Example, StringComparison.Ordinal);
            Assert.NotEmpty(s.AcceptedTypes);
            foreach (var p in s.Parameters) Assert.True(p.Required || p.Default is not null, $"{s.Name}.{p.Name} has no default");
        }
    }

    [Fact]
    public void Null_accepts_every_type_and_produces_null()
    {
        var definition = Bind.Registry.Find("null")!;
        Assert.True(definition.ProducesNull);
        Assert.Equal(Enum.GetValues<TypeClass>().Length, definition.AcceptedTypes.Count);
        Assert.Null(definition.Create(Bind.For("null", Columns.Text("t"))).Transform("Sharma"));
    }

    [Fact]
    public void Hash_is_keyed_and_injective_while_null_fixed_and_mask_are_neither() =>
        Assert.Equal([(true, true), (false, false), (false, false), (false, false)],
            KeyedFirst.Select(n => Bind.Registry.Find(n)!).Select(s => (s.NeedsSecret, s.IsInjective)));
}
