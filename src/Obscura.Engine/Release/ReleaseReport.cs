using System.Text.Json;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Release;

/// <summary>The JSON report of a release: what was asked, information loss, classes, suppression and risk.</summary>
public sealed record ReleaseReport
{
    /// <summary>The source (URI without password).</summary>
    public required string Source { get; init; }
    /// <summary>The table read.</summary>
    public required string Table { get; init; }
    /// <summary>Where the release went.</summary>
    public required string Output { get; init; }
    /// <summary>succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>mondrian or full-domain.</summary>
    public required string Method { get; init; }
    /// <summary>The quasi-identifiers and how each is generalized (numeric ranges or hierarchy).</summary>
    public required IReadOnlyList<ReleaseColumn> QuasiIdentifiers { get; init; }
    /// <summary>The sensitive column, if any.</summary>
    public string? Sensitive { get; init; }
    /// <summary>k.</summary>
    public required int K { get; init; }
    /// <summary>The models on the sensitive column (l-diversity, t-closeness).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>The suppression limit as a share of the rows.</summary>
    public required double SuppressionLimit { get; init; }
    /// <summary>Rows read.</summary>
    public required long Rows { get; init; }
    /// <summary>Rows written.</summary>
    public long Released { get; init; }
    /// <summary>Rows omitted (suppressed).</summary>
    public long Suppressed { get; init; }
    /// <summary>Equivalence classes.</summary>
    public int Classes { get; init; }
    /// <summary>Normalized certainty penalty over all cells of the quasi-identifiers, suppressed rows counting 1.</summary>
    public double Ncp { get; init; }
    /// <summary>NCP per quasi-identifier.</summary>
    public IReadOnlyDictionary<string, double> NcpByColumn { get; init; } = new Dictionary<string, double>();
    /// <summary>Discernibility: Σ |class|² + suppressed × rows.</summary>
    public double Discernibility { get; init; }
    /// <summary>Class sizes: smallest, largest, mean, and how many classes of each size.</summary>
    public ClassSizeFigures? ClassSizes { get; init; }
    /// <summary>Re-identification risk.</summary>
    public RiskReport? Risk { get; init; }
    /// <summary>For full-domain: the level chosen per quasi-identifier (0 = original value).</summary>
    public IReadOnlyDictionary<string, int>? Levels { get; init; }
    /// <summary>For full-domain: lattice nodes checked against the data.</summary>
    public int? NodesChecked { get; init; }
    /// <summary>Seconds reading the table.</summary>
    public double ReadSeconds { get; init; }
    /// <summary>Seconds searching.</summary>
    public double SearchSeconds { get; init; }
    /// <summary>Seconds in total.</summary>
    public double Seconds { get; init; }
    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The report as indented snake_case JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CopySummary.JsonOptions);
}

/// <summary>One quasi-identifier: its name, numeric or hierarchy, the number of distinct codes.</summary>
public sealed record ReleaseColumn(string Name, string Kind, int Values, string? Hierarchy);

/// <summary>Class size figures.</summary>
public sealed record ClassSizeFigures(int Smallest, int Largest, double Mean, IReadOnlyDictionary<int, int> Histogram);

/// <summary>Risk under the three attacker models.</summary>
public sealed record RiskReport
{
    /// <summary>Prosecutor: 1 / class size.</summary>
    public required RiskEntry Prosecutor { get; init; }
    /// <summary>Journalist: 1 / matching rows of the population.</summary>
    public required RiskEntry Journalist { get; init; }
    /// <summary>Marketer: the expected share of records re-identified.</summary>
    public required double Marketer { get; init; }
    /// <summary>What the journalist figures use as the population.</summary>
    public required string Population { get; init; }
}

/// <summary>Highest and mean risk, and the share of records above the threshold.</summary>
public sealed record RiskEntry(double Highest, double Average, double Threshold, double RecordsAtRisk);
