namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// Information loss and re-identification risk of an <see cref="Anonymization"/>.
/// NCP (normalized certainty penalty) is the mean over all cells of the table — suppressed rows included — of a cell's
/// loss: numeric (hi − lo) / (max − min), categorical (leaves under the label − 1) / (leaves − 1), suppressed 1.
/// Discernibility is Σ |class|² plus rows × |table| per suppressed row.
/// Risk follows the usual attacker models on the released records: prosecutor (the attacker knows the person is in
/// the release: 1/|class|), journalist (the attacker matches against a population: 1/|matching population rows|; the
/// population here is the source table itself, suppressed rows included), marketer (the expected share of records
/// re-identified when all are attacked).
/// </summary>
public sealed record ReleaseMetrics
{
    /// <summary>Rows in the source table.</summary>
    public required int Rows { get; init; }
    /// <summary>Rows released.</summary>
    public required int Released { get; init; }
    /// <summary>Rows suppressed (not released).</summary>
    public required int Suppressed { get; init; }
    /// <summary>Equivalence classes.</summary>
    public required int Classes { get; init; }
    /// <summary>NCP over the whole table (0 to 1).</summary>
    public required double Ncp { get; init; }
    /// <summary>NCP per quasi-identifier (suppressed rows count 1).</summary>
    public required IReadOnlyDictionary<string, double> NcpByColumn { get; init; }
    /// <summary>The discernibility metric.</summary>
    public required double Discernibility { get; init; }
    /// <summary>Smallest class.</summary>
    public required int MinClassSize { get; init; }
    /// <summary>Largest class.</summary>
    public required int MaxClassSize { get; init; }
    /// <summary>Mean class size.</summary>
    public required double AverageClassSize { get; init; }
    /// <summary>Number of classes per size.</summary>
    public required IReadOnlyDictionary<int, int> ClassSizes { get; init; }
    /// <summary>Prosecutor risk.</summary>
    public required RiskFigures Prosecutor { get; init; }
    /// <summary>Journalist risk against the population.</summary>
    public required RiskFigures Journalist { get; init; }
    /// <summary>Marketer risk: the expected share of released records re-identified.</summary>
    public required double Marketer { get; init; }

    /// <summary>Computes the figures; records at risk are those whose risk exceeds <paramref name="riskThreshold"/>.</summary>
    public static ReleaseMetrics Compute(EncodedTable table, Anonymization result, double riskThreshold)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(result);
        var q = table.Attributes.Count;
        var n = table.Rows;
        var suppressed = result.Suppressed;
        var released = n - suppressed;
        var perColumn = new double[q];
        double discernibility = (double)suppressed * n;
        var sizes = new SortedDictionary<int, int>();
        foreach (var c in result.Classes)
        {
            for (var a = 0; a < q; a++) perColumn[a] += c.Size * c.Losses[a];
            discernibility += (double)c.Size * c.Size;
            sizes[c.Size] = sizes.GetValueOrDefault(c.Size) + 1;
        }
        var byColumn = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0;
        for (var a = 0; a < q; a++)
        {
            var v = n == 0 ? 0 : (perColumn[a] + suppressed) / n;
            byColumn[table.Attributes[a].Column] = v;
            total += v;
        }

        // Journalist: each class's population count is its size plus the suppressed rows its labels cover.
        var population = result.Classes.Select(c => c.Size).ToArray();
        if (suppressed > 0)
        {
            for (var r = 0; r < n; r++)
            {
                if (result.ClassOf[r] >= 0) continue;
                for (var c = 0; c < population.Length; c++)
                {
                    if (result.Classes[c].Covers(table.Codes, r)) population[c]++;
                }
            }
        }
        double marketer = 0;
        for (var c = 0; c < population.Length; c++) marketer += result.Classes[c].Size / (double)population[c];

        return new ReleaseMetrics
        {
            Rows = n,
            Released = released,
            Suppressed = suppressed,
            Classes = result.Classes.Count,
            Ncp = q == 0 ? 0 : total / q,
            NcpByColumn = byColumn,
            Discernibility = discernibility,
            MinClassSize = result.Classes.Count == 0 ? 0 : result.Classes.Min(c => c.Size),
            MaxClassSize = result.Classes.Count == 0 ? 0 : result.Classes.Max(c => c.Size),
            AverageClassSize = result.Classes.Count == 0 ? 0 : released / (double)result.Classes.Count,
            ClassSizes = sizes,
            Prosecutor = RiskFigures.From(result.Classes.Select(c => (c.Size, c.Size)), released, riskThreshold),
            Journalist = RiskFigures.From(result.Classes.Select((c, i) => (c.Size, population[i])), released, riskThreshold),
            Marketer = released == 0 ? 0 : marketer / released,
        };
    }
}
