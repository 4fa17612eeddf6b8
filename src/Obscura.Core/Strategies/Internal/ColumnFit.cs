using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Checks whether a canonical value fits a column's declared type (length, range, precision, enum).</summary>
internal static class ColumnFit
{
    /// <summary>Null when <paramref name="value"/> fits <paramref name="column"/>; otherwise why not (never the value itself).</summary>
    public static string? Check(object? value, Column column)
    {
        switch (value)
        {
            case null:
                return column.IsNullable ? null : "the column is NOT NULL";
            case string s:
                if (column.MaxLength is { } max && CharacterCount(s) > max) return $"it is longer than the column's {max} characters";
                if (column.EnumValues is { Count: > 0 } allowed && !allowed.Contains(s))
                    return $"it is not one of the column's enum values ({string.Join(", ", allowed)})";
                return null;
            case long l:
                var (min, maxValue) = IntegerRange(column);
                return l < min || l > maxValue ? $"it is outside the range of the column's type ({min} to {maxValue})" : null;
            case decimal m:
                return CheckDecimal(m, column);
            case double d:
                return column.Precision is <= 24 && double.IsFinite(d) && Math.Abs(d) > float.MaxValue
                    ? "it is outside the range of a single-precision float" : null;
            case byte[] b:
                return column.MaxLength is { } maxBytes && b.Length > maxBytes ? $"it is longer than the column's {maxBytes} bytes" : null;
            default:
                return null;
        }
    }

    /// <summary>Smallest and largest value of an integer column (64-bit signed when the width is unknown).</summary>
    public static (long Min, long Max) IntegerRange(Column column)
    {
        var bits = column.IntegerBits is { } b and >= 2 and <= 64 ? b : 64;
        if (column.IsUnsigned) return (0, bits >= 63 ? long.MaxValue : (1L << bits) - 1);
        return bits == 64 ? (long.MinValue, long.MaxValue) : (-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
    }

    /// <summary>Characters as databases count them: Unicode code points (a surrogate pair is one).</summary>
    public static int CharacterCount(string s)
    {
        var count = s.Length;
        foreach (var c in s) if (char.IsLowSurrogate(c)) count--;
        return count;
    }

    private static string? CheckDecimal(decimal m, Column column)
    {
        if (column.Precision is not { } precision) return null;
        var scale = column.Scale ?? 0;
        if (m.Scale > scale && decimal.Round(m, Math.Min(scale, 28)) != m) return $"it has more than the column's {scale} decimal places";
        var integral = decimal.Truncate(Math.Abs(m));
        var digits = integral == 0 ? 0 : integral.ToString(CultureInfo.InvariantCulture).Length;
        return digits > precision - scale ? $"it has more than the column's {precision - scale} integer digits (precision {precision}, scale {scale})" : null;
    }
}
