namespace Obscura.Core.Config;

/// <summary>
/// How <c>obscura sample</c> scores a row's risk for one table (<c>sample: { risk: { TABLE: ... } }</c> in
/// <c>obscura.yaml</c>, docs/sample.md): a weight per filled PII column plus a weight per numeric column times how far
/// the value is above the column's median (in robust standard deviations).
/// </summary>
public sealed record SampleRiskRule
{
    /// <summary>The table key as written (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Table { get; init; }
    /// <summary>
    /// The PII columns whose filled values count, or null for <c>auto</c> (the columns the scan's name classifier calls
    /// personal data). Empty for <c>none</c>.
    /// </summary>
    public IReadOnlyList<ConfigScalar>? PiiColumns { get; init; }
    /// <summary>What each filled PII column adds to the score (default 1).</summary>
    public double PiiWeight { get; init; } = 1;
    /// <summary>Numeric columns and their weights; null for <c>auto</c> (amount-like column names, weight 1).</summary>
    public IReadOnlyList<SampleRiskWeight>? Weights { get; init; }
    /// <summary>Where the table key is.</summary>
    public SourceLocation Location { get; init; }
}

/// <summary>One <c>weights:</c> entry of a <see cref="SampleRiskRule"/>: a numeric column and its weight.</summary>
public sealed record SampleRiskWeight(string Column, double Weight, SourceLocation Location);
