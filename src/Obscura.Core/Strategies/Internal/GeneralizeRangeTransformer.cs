using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>generalize</c> method <c>range</c>: puts numbers into buckets of <c>width</c> starting at <c>origin</c>. Numeric
/// columns get the bucket's lower bound; text columns holding numbers get a label, "30-39" for whole-number buckets
/// (both ends included) or "2.5-5" otherwise (upper end excluded). Text that is not a number becomes the fallback or
/// stays as it is.
/// </summary>
internal sealed class GeneralizeRangeTransformer(Column column, decimal width, decimal origin, object? fallback) : IColumnTransformer
{
    private readonly TypeClass _type = column.TypeClass;
    private readonly (long Min, long Max) _integerRange = ColumnFit.IntegerRange(column);
    private readonly int? _scale = column.Scale is { } s ? Math.Clamp(s, 0, 28) : null;
    private readonly int? _maxLength = column.MaxLength;
    private readonly bool _whole = decimal.Truncate(width) == width && decimal.Truncate(origin) == origin;
    private readonly double _widthDouble = (double)width;
    private readonly double _originDouble = (double)origin;

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        switch (_type)
        {
            case TypeClass.Integer:
            {
                var x = value is long l ? l : (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!;
                if (!TryLower(x, out var lower)) return x;
                return lower < _integerRange.Min ? _integerRange.Min : lower > _integerRange.Max ? _integerRange.Max : decimal.ToInt64(decimal.Floor(lower));
            }
            case TypeClass.Decimal:
            {
                var x = value is decimal m ? m : (decimal)ValueCoercion.ToCanonical(value, TypeClass.Decimal)!;
                if (!TryLower(x, out var lower)) return x;
                return _scale is { } scale ? decimal.Round(lower, scale, MidpointRounding.ToNegativeInfinity) : lower;
            }
            case TypeClass.Float:
            {
                var x = value is double d ? d : (double)ValueCoercion.ToCanonical(value, TypeClass.Float)!;
                if (!double.IsFinite(x)) return x;
                return _originDouble + Math.Floor((x - _originDouble) / _widthDouble) * _widthDouble;
            }
            default:
            {
                var text = value as string ?? ValueCoercion.ToText(value);
                if (!decimal.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !TryLower(x, out var lower))
                    return fallback ?? text;
                var label = _whole
                    ? width == 1 ? Text(lower) : Text(lower) + "-" + Text(lower + width - 1)
                    : Text(lower) + "-" + Text(lower + width);
                return _maxLength is { } max && label.Length > max ? label[..max] : label;
            }
        }
    }

    private bool TryLower(decimal x, out decimal lower)
    {
        try
        {
            lower = origin + decimal.Floor((x - origin) / width) * width;
            return true;
        }
        catch (OverflowException)
        {
            lower = 0;
            return false;
        }
    }

    private static string Text(decimal value) => RowValueText.ToText(value);
}
