using Obscura.Core.Schema;

namespace Obscura.Core.Discovery.Detection;

/// <summary>The facts about a column that detection uses besides its values.</summary>
public sealed record ColumnContext
{
    /// <summary>The table's name as written in the database.</summary>
    public required string TableName { get; init; }

    /// <summary>The column.</summary>
    public required Column Column { get; init; }

    /// <summary>The table's comment, if any.</summary>
    public string? TableComment { get; init; }

    /// <summary>The date ages are counted at, for dates of birth.</summary>
    public DateOnly Today { get; init; } = new(2025, 1, 1);
}

/// <summary>The verdict on one column.</summary>
/// <param name="Kind">The kind of personal data, or null when the column is not personal data.</param>
/// <param name="Confidence">0..1; at least <see cref="ColumnClassifier.Threshold"/> when <paramref name="Kind"/> is set.</param>
/// <param name="Evidence">Why, in words: name rules and shares of values per validator. Never a value.</param>
public sealed record ColumnClassification(ColumnKind? Kind, double Confidence, string Evidence)
{
    /// <summary>True when names among the values come mostly from the Indian lists (or the column holds Aadhaar or PAN numbers).</summary>
    public bool Indian { get; init; }

    /// <summary>For free text: the kinds the <see cref="PiiScanner"/> found inside values.</summary>
    public PiiKinds EmbeddedKinds { get; init; }

    /// <summary>For free text: whether person names appear inside values (which <c>text_pii</c> does not replace).</summary>
    public bool EmbeddedNames { get; init; }

    /// <summary>For IP addresses: whether IPv6 values outnumber IPv4 ones.</summary>
    public bool MostlyIpv6 { get; init; }

    /// <summary>True for a latitude (rather than a longitude) column.</summary>
    public bool IsLatitude { get; init; }
}
