namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// The rows a release works on, held as integer codes: per quasi-identifier one int per row (its
/// <see cref="AttributeDomain"/> code), and per row the code of its sensitive value (when a model needs one).
/// Memory is O(rows × quasi-identifiers) ints; the searches add O(rows) ints of scratch.
/// </summary>
public sealed class EncodedTable
{
    /// <summary>Creates the table; every code array has <paramref name="rows"/> entries.</summary>
    public EncodedTable(IReadOnlyList<AttributeDomain> attributes, IReadOnlyList<int[]> codes, int rows, int[]? sensitive = null, int sensitiveValues = 0)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(codes);
        if (attributes.Count == 0) throw new ArgumentException("at least one quasi-identifier is needed", nameof(attributes));
        if (codes.Count != attributes.Count) throw new ArgumentException("one code array per attribute", nameof(codes));
        for (var q = 0; q < codes.Count; q++)
        {
            if (codes[q].Length != rows) throw new ArgumentException("every code array has one entry per row", nameof(codes));
        }
        if (sensitive is not null && sensitive.Length != rows) throw new ArgumentException("one sensitive code per row", nameof(sensitive));
        Attributes = attributes;
        Codes = codes;
        Rows = rows;
        Sensitive = sensitive;
        SensitiveValues = sensitive is null ? 0 : Math.Max(sensitiveValues, sensitive.Length == 0 ? 0 : sensitive.Max() + 1);
    }

    /// <summary>The quasi-identifiers.</summary>
    public IReadOnlyList<AttributeDomain> Attributes { get; }
    /// <summary>Codes per attribute per row.</summary>
    public IReadOnlyList<int[]> Codes { get; }
    /// <summary>The number of rows.</summary>
    public int Rows { get; }
    /// <summary>The sensitive value code per row, or null.</summary>
    public int[]? Sensitive { get; }
    /// <summary>The number of distinct sensitive codes.</summary>
    public int SensitiveValues { get; }

    /// <summary>The table's count per sensitive code.</summary>
    public int[] SensitiveCounts()
    {
        var counts = new int[SensitiveValues];
        if (Sensitive is not null) foreach (var s in Sensitive) counts[s]++;
        return counts;
    }
}
