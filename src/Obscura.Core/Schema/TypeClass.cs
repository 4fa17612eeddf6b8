namespace Obscura.Core.Schema;

/// <summary>
/// The closed, engine-neutral classification of a column's type. Engine type names never leave a
/// provider; everything above the providers reasons about these classes only.
/// </summary>
/// <remarks>
/// Canonical CLR values per class (what readers yield after <see cref="ValueCoercion"/>):
/// Text/Other/Json → string, Integer → long, Decimal → decimal, Float → double, Boolean → bool,
/// Date → DateOnly, DateTime → DateTime (unspecified kind), DateTimeOffset → DateTimeOffset (UTC),
/// Time → TimeSpan, Uuid → Guid, Binary → byte[].
/// </remarks>
public enum TypeClass
{
    /// <summary>Character data of any length.</summary>
    Text,
    /// <summary>Whole numbers; see <see cref="Column.IntegerBits"/> and <see cref="Column.IsUnsigned"/>.</summary>
    Integer,
    /// <summary>Exact numerics with precision and scale.</summary>
    Decimal,
    /// <summary>Binary floating point.</summary>
    Float,
    /// <summary>True/false.</summary>
    Boolean,
    /// <summary>Calendar date without time.</summary>
    Date,
    /// <summary>Date and time without a time zone.</summary>
    DateTime,
    /// <summary>An instant: date and time with a time zone (stored as UTC).</summary>
    DateTimeOffset,
    /// <summary>Time of day.</summary>
    Time,
    /// <summary>128-bit UUID.</summary>
    Uuid,
    /// <summary>JSON document (as text).</summary>
    Json,
    /// <summary>Bytes.</summary>
    Binary,
    /// <summary>Anything else (spatial, ranges, arrays, sets...): carried as text or bytes with a warning.</summary>
    Other,
}
