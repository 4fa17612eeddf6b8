using Obscura.Core.Query;

namespace Obscura.Engine.Query;

/// <summary>A released answer: noisy rows, their 95% confidence intervals where known, and what it cost.</summary>
public sealed record QueryAnswer
{
    /// <summary>Output column names.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>The rows (values are long, double, string, decimal, date/time or null).</summary>
    public required IReadOnlyList<object?[]> Rows { get; init; }
    /// <summary>Per row and column, the 95% confidence interval of a value that is a count or sum itself; null elsewhere.</summary>
    public required IReadOnlyList<(double Low, double High)?[]> Intervals { get; init; }
    /// <summary>ε spent.</summary>
    public double Epsilon { get; init; }
    /// <summary>δ spent.</summary>
    public double Delta { get; init; }
    /// <summary>ε left for the user (null when no budget store is involved).</summary>
    public double? EpsilonRemaining { get; init; }
    /// <summary>δ left.</summary>
    public double? DeltaRemaining { get; init; }
    /// <summary>The plan that produced it.</summary>
    public required QueryPlan Plan { get; init; }
    /// <summary>Groups held back by the τ-threshold (a count, never their keys).</summary>
    public int SuppressedGroups { get; init; }
}
