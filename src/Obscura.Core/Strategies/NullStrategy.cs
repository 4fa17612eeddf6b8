using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary><c>null</c>: writes SQL NULL for every value. Refused on NOT NULL columns.</summary>
public sealed class NullStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClassNames.All);

    /// <inheritdoc />
    public override string Name => "null";
    /// <inheritdoc />
    public override string Description => "Replaces every value with NULL.";
    /// <inheritdoc />
    public override string Example => "{ strategy: \"null\" }";
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool ProducesNull => true;

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding) => NullTransformer.Instance;
}
