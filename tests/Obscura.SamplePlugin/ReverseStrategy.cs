using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.SamplePlugin;

/// <summary>A deliberately simple strategy: reverses text. Shows the whole plug-in surface.</summary>
public sealed class ReverseStrategy : StrategyDefinition
{
    public override string Name => "reverse";
    public override string Description => "Reverses the characters of a text value (sample plug-in).";
    public override string Example => "{ strategy: reverse }";
    public override IReadOnlySet<TypeClass> AcceptedTypes { get; } = new HashSet<TypeClass> { TypeClass.Text };
    // Reversing is its own inverse, so distinct values stay distinct: allowed on keys and unique columns.
    public override bool IsInjective => true;
    public override IColumnTransformer Create(StrategyBinding binding) => new Transformer();

    private sealed class Transformer : IColumnTransformer
    {
        public object? Transform(object? value) => value is string s ? new string(s.Reverse().ToArray()) : value;
    }
}
