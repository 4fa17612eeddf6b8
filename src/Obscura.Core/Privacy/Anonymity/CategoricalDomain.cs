namespace Obscura.Core.Privacy.Anonymity;

/// <summary>A categorical quasi-identifier: codes are the hierarchy's leaves in depth-first order.</summary>
public sealed class CategoricalDomain : AttributeDomain
{
    /// <summary>Creates the domain of <paramref name="column"/> from its hierarchy.</summary>
    public CategoricalDomain(string column, Hierarchy hierarchy) : base(column) => Hierarchy = hierarchy;

    /// <summary>The hierarchy.</summary>
    public Hierarchy Hierarchy { get; }

    /// <inheritdoc />
    public override int Size => Hierarchy.Leaves.Count;

    /// <inheritdoc />
    public override bool IsNumeric => false;

    /// <inheritdoc />
    public override double Loss(int lo, int hi) => Hierarchy.Loss(lo, hi);

    /// <inheritdoc />
    public override string Label(int lo, int hi) => Hierarchy.Label(lo, hi);

    /// <inheritdoc />
    public override (int First, int Last) Cover(int lo, int hi) => Hierarchy.Cover(lo, hi);

    /// <inheritdoc />
    public override int Levels => Hierarchy.Height;

    /// <inheritdoc />
    public override (int First, int Last) GroupAt(int code, int level) => Hierarchy.CoverAt(code, level);

    /// <inheritdoc />
    public override string LabelAt(int code, int level) => Hierarchy.LabelAt(code, level);

    /// <inheritdoc />
    public override double LossAt(int code, int level) => Hierarchy.NodeLoss(Hierarchy.NodeAt(code, level));
}
