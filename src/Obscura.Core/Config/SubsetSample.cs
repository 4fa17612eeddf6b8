using System.Globalization;

namespace Obscura.Core.Config;

/// <summary>
/// A deterministic sample of one table for a subset copy: a share of the rows (<c>5%</c>, kept in basis points so
/// <c>0.25%</c> works) or a number of rows (<c>1000</c>). Which rows is decided by a seeded hash of the primary key.
/// </summary>
public sealed record SubsetSample
{
    /// <summary>Share of rows in hundredths of a percent (1..10000), or null for a row count.</summary>
    public int? BasisPoints { get; init; }
    /// <summary>Number of rows, or null for a share.</summary>
    public long? Rows { get; init; }

    /// <summary>Parses <c>5%</c>, <c>0.5%</c>, a fraction below 1 (<c>0.05</c>, read as 5%) or a row count (<c>1000</c>); <paramref name="problem"/> says what is wrong otherwise (no value echoed beyond the text).</summary>
    public static bool TryParse(string text, out SubsetSample? sample, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        sample = null;
        problem = string.Empty;
        var t = text.Trim();
        if (t.EndsWith('%'))
        {
            if (decimal.TryParse(t[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent > 0 && percent <= 100)
            {
                var basis = (int)Math.Round(percent * 100m, MidpointRounding.AwayFromZero);
                if (basis >= 1)
                {
                    sample = new SubsetSample { BasisPoints = basis };
                    return true;
                }
            }
            problem = "'sample' must be a percentage above 0 and at most 100 (at least 0.01%), e.g. 5%";
            return false;
        }
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0)
        {
            sample = new SubsetSample { Rows = rows };
            return true;
        }
        // A fraction below 1 (0.1) can only mean a share: it reads as 10%.
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction > 0 && fraction < 1
            && (int)Math.Round(fraction * 10000m, MidpointRounding.AwayFromZero) is var fbasis and >= 1)
        {
            sample = new SubsetSample { BasisPoints = fbasis };
            return true;
        }
        problem = "'sample' must be a percentage such as 5% or a positive row count such as 1000";
        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        BasisPoints is { } b ? (b / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%" : Rows!.Value.ToString(CultureInfo.InvariantCulture) + " rows";
}
