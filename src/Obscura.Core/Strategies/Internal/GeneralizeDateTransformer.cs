using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>generalize</c> method <c>date</c>: the first day of the value's month or year (at midnight, kind and UTC kept).
/// Text columns holding dates become "yyyy-MM" or "yyyy"; text that is not a date becomes the fallback or stays.
/// </summary>
internal sealed class GeneralizeDateTransformer(TypeClass type, bool year, object? fallback) : IColumnTransformer
{
    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        switch (type)
        {
            case TypeClass.Date:
            {
                var d = value is DateOnly v ? v : (DateOnly)ValueCoercion.ToCanonical(value, TypeClass.Date)!;
                return new DateOnly(d.Year, year ? 1 : d.Month, 1);
            }
            case TypeClass.DateTime:
            {
                var t = value is DateTime v ? v : (DateTime)ValueCoercion.ToCanonical(value, TypeClass.DateTime)!;
                return new DateTime(t.Year, year ? 1 : t.Month, 1, 0, 0, 0, t.Kind);
            }
            case TypeClass.DateTimeOffset:
            {
                var t = (value is DateTimeOffset v ? v : (DateTimeOffset)ValueCoercion.ToCanonical(value, TypeClass.DateTimeOffset)!).UtcDateTime;
                return new DateTimeOffset(t.Year, year ? 1 : t.Month, 1, 0, 0, 0, TimeSpan.Zero);
            }
            default:
            {
                var text = value as string ?? ValueCoercion.ToText(value);
                if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var t) || t.Year == 1 && !text.Contains("0001", StringComparison.Ordinal))
                    return fallback ?? text;
                return year ? t.ToString("yyyy", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            }
        }
    }
}
