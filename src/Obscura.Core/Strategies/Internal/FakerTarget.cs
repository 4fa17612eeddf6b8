using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>What a generated value must fit: a text length, or the digits an integer or decimal column can hold.</summary>
internal sealed record FakerTarget
{
    /// <summary>The column's type class.</summary>
    public required TypeClass TypeClass { get; init; }
    /// <summary>Maximum characters of text output; null when unbounded (or not text).</summary>
    public int? MaxLength { get; init; }
    /// <summary>Largest value an integer or decimal column holds (integral part), as an unsigned number.</summary>
    public ulong NumericMax { get; init; }

    /// <summary>True for integer and decimal columns: generators emit digits only.</summary>
    public bool IsNumeric => TypeClass is TypeClass.Integer or TypeClass.Decimal;

    /// <summary>The most digits every value of which the column holds (9 for a 32-bit integer, 18 for a 64-bit one); 0 for text.</summary>
    public int DigitCapacity { get; init; }

    /// <summary>Room for text output: the column's length, or <paramref name="fallback"/> when unbounded.</summary>
    public int Room(int fallback) => MaxLength ?? fallback;

    /// <summary>The target of a column.</summary>
    public static FakerTarget For(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.TypeClass switch
        {
            TypeClass.Integer => Numeric(TypeClass.Integer, (ulong)ColumnFit.IntegerRange(column).Max),
            TypeClass.Decimal => Numeric(TypeClass.Decimal, DecimalMax(column)),
            _ => new FakerTarget { TypeClass = column.TypeClass, MaxLength = column.MaxLength is { } max ? Math.Max(0, max) : null },
        };
    }

    private static FakerTarget Numeric(TypeClass type, ulong max)
    {
        var digits = 0;
        for (var limit = 9UL; limit <= max; limit = limit * 10 + 9)
        {
            digits++;
            if (limit > ulong.MaxValue / 10) break;
        }
        return new FakerTarget { TypeClass = type, NumericMax = max, DigitCapacity = digits };
    }

    private static ulong DecimalMax(Column column)
    {
        // Unbounded numerics (PostgreSQL numeric without precision) are limited to what the faker produces anyway.
        var digits = Math.Clamp((column.Precision ?? 38) - (column.Scale ?? 0), 0, 19);
        var max = 0UL;
        for (var i = 0; i < digits; i++) max = max * 10 + 9;
        return max;
    }
}
