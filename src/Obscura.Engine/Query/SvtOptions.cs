using Obscura.Data;

namespace Obscura.Engine.Query;

/// <summary>One sparse-vector run: which of these single-number queries exceed the threshold, for one ε paid once.</summary>
public sealed record SvtOptions
{
    /// <summary>The database to answer from.</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The user asking.</summary>
    public required string User { get; init; }
    /// <summary>The queries, in order; each must be one ungrouped COUNT or SUM the engine answers.</summary>
    public required IReadOnlyList<string> Queries { get; init; }
    /// <summary>The threshold T.</summary>
    public required double Threshold { get; init; }
    /// <summary>The cap c of positives: the run stops at the c-th query found above.</summary>
    public int MaxPositives { get; init; } = 1;
    /// <summary>ε for the whole run (default: the role's epsilon_per_query).</summary>
    public double? Epsilon { get; init; }
}
