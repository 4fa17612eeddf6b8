namespace Obscura.Core.Privacy.Anonymity;

/// <summary>Re-identification risk of the released records under one attacker model.</summary>
public sealed record RiskFigures
{
    /// <summary>The highest risk of any record.</summary>
    public required double Highest { get; init; }
    /// <summary>The mean risk per record.</summary>
    public required double Average { get; init; }
    /// <summary>The threshold above which a record counts as at risk.</summary>
    public required double Threshold { get; init; }
    /// <summary>The share of released records whose risk exceeds <see cref="Threshold"/>.</summary>
    public required double RecordsAtRisk { get; init; }

    /// <summary>From (records in the class, rows that match the class) pairs: each record's risk is 1 / matching rows.</summary>
    public static RiskFigures From(IEnumerable<(int Records, int Matching)> classes, int released, double threshold)
    {
        ArgumentNullException.ThrowIfNull(classes);
        double highest = 0, sum = 0, atRisk = 0;
        foreach (var (records, matching) in classes)
        {
            var risk = 1.0 / matching;
            highest = Math.Max(highest, risk);
            sum += records * risk;
            if (risk > threshold) atRisk += records;
        }
        return new RiskFigures
        {
            Highest = highest,
            Average = released == 0 ? 0 : sum / released,
            Threshold = threshold,
            RecordsAtRisk = released == 0 ? 0 : atRisk / released,
        };
    }
}
