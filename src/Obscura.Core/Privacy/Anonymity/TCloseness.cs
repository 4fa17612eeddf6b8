namespace Obscura.Core.Privacy.Anonymity;

/// <summary>How t-closeness measures the distance between two distributions of sensitive values (earth mover's distance).</summary>
public enum GroundDistance
{
    /// <summary>Every two values are 1 apart: EMD is half the total variation.</summary>
    Equal,
    /// <summary>Values in code order, i and j are |i−j|/(m−1) apart (numeric sensitive columns).</summary>
    Ordered,
    /// <summary>Two values are height(lowest common ancestor)/height(hierarchy) apart in the sensitive column's hierarchy.</summary>
    Hierarchical,
}

/// <summary>
/// t-closeness (Li, Li and Venkatasubramanian): the earth mover's distance between a class's sensitive distribution
/// and the whole table's is at most t.
/// </summary>
public sealed class TCloseness : PrivacyModel
{
    private readonly double[] _global;
    private readonly Hierarchy? _hierarchy;

    /// <summary>Creates the model for the table's counts per sensitive code; a hierarchical distance needs the sensitive column's hierarchy, whose leaves are the codes.</summary>
    public TCloseness(double t, IReadOnlyList<int> tableCounts, GroundDistance distance, Hierarchy? hierarchy = null)
    {
        ArgumentNullException.ThrowIfNull(tableCounts);
        if (!(t >= 0 && t <= 1)) throw new ArgumentOutOfRangeException(nameof(t), "t must be in [0, 1]");
        if (distance == GroundDistance.Hierarchical && hierarchy is null) throw new ArgumentException("a hierarchical distance needs the sensitive column's hierarchy", nameof(hierarchy));
        T = t;
        Distance = distance;
        _hierarchy = hierarchy;
        double total = tableCounts.Sum();
        _global = tableCounts.Select(c => total > 0 ? c / total : 0).ToArray();
    }

    /// <summary>The largest distance allowed.</summary>
    public double T { get; }
    /// <summary>The ground distance.</summary>
    public GroundDistance Distance { get; }

    /// <inheritdoc />
    public override string Name => $"{T:0.###}-closeness ({Distance.ToString().ToLowerInvariant()} distance)";

    /// <inheritdoc />
    public override bool Holds(ReadOnlySpan<int> counts, int size) => size > 0 && EarthMovers(counts, size) <= T + 1e-12;

    /// <summary>The earth mover's distance between a class with these counts and the table.</summary>
    public double EarthMovers(ReadOnlySpan<int> counts, int size)
    {
        var m = _global.Length;
        switch (Distance)
        {
            case GroundDistance.Equal:
            {
                double sum = 0;
                for (var i = 0; i < m; i++) sum += Math.Abs(counts[i] / (double)size - _global[i]);
                return sum / 2;
            }
            case GroundDistance.Ordered:
            {
                if (m <= 1) return 0;
                double running = 0, sum = 0;
                for (var i = 0; i < m; i++)
                {
                    running += counts[i] / (double)size - _global[i];
                    sum += Math.Abs(running);
                }
                return sum / (m - 1);
            }
            default:
                return Hierarchical(counts, size);
        }
    }

    // Li et al.: each node passes up the surplus (positive) or deficit (negative) of its subtree; the flow that meets
    // inside a node costs its height / the hierarchy's height per unit.
    private double Hierarchical(ReadOnlySpan<int> counts, int size)
    {
        var h = _hierarchy!;
        var height = h.Height - 1;
        if (height <= 0) return 0;
        var extra = new double[_global.Length];
        for (var i = 0; i < extra.Length; i++) extra[i] = counts[i] / (double)size - _global[i];
        double cost = 0;
        var current = new Dictionary<int, (double Pos, double Neg)>();
        for (var i = 0; i < extra.Length; i++) current[i] = extra[i] >= 0 ? (extra[i], 0) : (0, -extra[i]);
        // Level by level: group the previous level's parts by their ancestor at this level.
        var members = Enumerable.Range(0, extra.Length).ToArray();
        for (var level = 1; level <= height; level++)
        {
            var byNode = new Dictionary<int, (double Pos, double Neg)>();
            for (var i = 0; i < members.Length; i++)
            {
                var node = h.NodeAt(i, level);
                var below = h.NodeAt(i, level - 1);
                if (!current.TryGetValue(level == 1 ? i : below, out var part)) continue;
                current.Remove(level == 1 ? i : below);
                byNode.TryGetValue(node, out var sum);
                byNode[node] = (sum.Pos + part.Pos, sum.Neg + part.Neg);
            }
            current = new Dictionary<int, (double Pos, double Neg)>();
            foreach (var (node, (pos, neg)) in byNode)
            {
                cost += level / (double)height * Math.Min(pos, neg);
                current[node] = pos >= neg ? (pos - neg, 0) : (0, neg - pos);
            }
        }
        return cost;
    }
}
