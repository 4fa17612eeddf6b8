using System.Globalization;

namespace Obscura.Core.Validation;

/// <summary>
/// United States Social Security numbers <c>AAA-GG-SSSS</c>: the area is never 000, 666 or 900-999, the group never
/// 00 and the serial never 0000; the numbers the SSA voided after they appeared in advertising (078-05-1120,
/// 219-09-9999) are refused too. Accepts the dashed form or nine plain digits.
/// </summary>
public static class UsSsn
{
    /// <summary>True when <paramref name="value"/> is <c>AAA-GG-SSSS</c> or nine digits and follows the issuance rules.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[9];
        if (value.Length == 9) value.CopyTo(digits);
        else if (value.Length == 11 && value[3] == '-' && value[6] == '-')
        {
            value[..3].CopyTo(digits);
            value.Slice(4, 2).CopyTo(digits[3..]);
            value.Slice(7, 4).CopyTo(digits[5..]);
        }
        else return false;
        foreach (var c in digits) if (c is < '0' or > '9') return false;
        return IsValid(Number(digits[..3]), Number(digits.Slice(3, 2)), Number(digits[5..]));
    }

    /// <summary>True when the area, group and serial numbers follow the issuance rules.</summary>
    public static bool IsValid(int area, int group, int serial)
    {
        if (area is <= 0 or 666 or >= 900 || group is <= 0 or > 99 || serial is <= 0 or > 9999) return false;
        return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
    }

    /// <summary>The dashed form <c>AAA-GG-SSSS</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part has too many digits or is negative.</exception>
    public static string Format(int area, int group, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(area);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(area, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(group, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9999);
        return string.Create(CultureInfo.InvariantCulture, $"{area:000}-{group:00}-{serial:0000}");
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits) n = n * 10 + (c - '0');
        return n;
    }
}
