namespace Obscura.Service.Queries;

/// <summary>A private answer: the noisy rows, each value's 95% confidence interval where known, what it cost and what is left.</summary>
/// <param name="Columns">Output column names.</param>
/// <param name="Rows">One array per row, in column order.</param>
/// <param name="Ci95">Per row and column, <c>[low, high]</c> for a count or sum, else null.</param>
/// <param name="Epsilon">ε spent.</param>
/// <param name="Delta">δ spent.</param>
/// <param name="EpsilonRemaining">ε left this period (null for a public-only query).</param>
/// <param name="DeltaRemaining">δ left.</param>
/// <param name="SuppressedGroups">Groups below the τ-threshold withheld (a count, never their keys).</param>
/// <param name="Mechanism">The noise mechanism (laplace, gaussian, ...).</param>
/// <param name="PolicyWarnings">Policy reload problems (the last valid policy stays in force).</param>
public sealed record QueryResponse(
    IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, IReadOnlyList<double[]?[]> Ci95, double Epsilon, double Delta,
    double? EpsilonRemaining, double? DeltaRemaining, int SuppressedGroups, string Mechanism, IReadOnlyList<string> PolicyWarnings);
