using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>
/// <c>shuffle</c>: permutes a column's values across the rows of its table. The source database counts each distinct
/// value first (GROUP BY); each row then draws, without replacement and in a keyed pseudo-random order, from that
/// histogram — so the column keeps exactly its multiset of values (its distribution) while every value's link to its row
/// is broken. Memory is one entry per distinct value, not per row. NULL stays NULL and is not drawn.
/// </summary>
public sealed class ShuffleStrategy : StrategyDefinition, IColumnPreparation
{
    private static readonly IReadOnlySet<TypeClass> Types = new HashSet<TypeClass>
    {
        TypeClass.Text, TypeClass.Integer, TypeClass.Decimal, TypeClass.Float, TypeClass.Boolean, TypeClass.Date,
        TypeClass.DateTime, TypeClass.DateTimeOffset, TypeClass.Time, TypeClass.Uuid,
    };

    /// <inheritdoc />
    public override string Name => "shuffle";
    /// <inheritdoc />
    public override string Description => "Permutes the column's values across the table's rows: the same values and distribution, no longer linked to their rows.";
    /// <inheritdoc />
    public override string Example => "{ strategy: shuffle }";
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    /// <remarks>The output is the same multiset as the input, so a unique column stays unique (keys are still refused: references would not follow).</remarks>
    public override bool IsInjectiveFor(StrategyBinding binding) => true;

    /// <inheritdoc />
    public async Task<IPreparedColumn> PrepareAsync(StrategyBinding binding, IColumnSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(source);
        var entries = new List<(object Value, long Count)>();
        await foreach (var (value, count) in source.ValueCountsAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (value is not null) entries.Add((value, count));
        }
        // A stable order, so the same data and secret give the same permutation in every run.
        entries.Sort((a, b) => string.CompareOrdinal(ValueCoercion.ToText(a.Value), ValueCoercion.ToText(b.Value)));
        var seed = BitConverter.ToUInt64(binding.Secret!.DeriveKey("shuffle/" + binding.Table + "/" + binding.Column.Name, 8));
        return new ShufflePrepared(entries, seed, $"{binding.Table}.{binding.Column.Name}");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding) =>
        throw new InvalidOperationException("shuffle is prepared by the engine (IColumnPreparation)");
}
