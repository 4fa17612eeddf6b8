using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>generalize</c> method <c>round</c>: rounds numbers (e.g. geo coordinates) to <c>decimals</c> places, or to tens,
/// hundreds... when negative; midpoints away from zero. Text holding numbers is rounded and written back invariantly;
/// text that is not a number becomes the fallback or stays.
/// </summary>
internal sealed class GeneralizeRoundTransformer(TypeClass type, int decimals, object? fallback) : IColumnTransformer
{
    private readonly decimal _step = Pow10(Math.Max(-decimals, 0));
    private readonly double _stepDouble = Math.Pow(10, Math.Max(-decimals, 0));

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        switch (type)
        {
            case TypeClass.Integer:
            {
                var x = value is long l ? l : (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!;
                if (decimals >= 0) return x;
                var rounded = decimal.Round(x / _step, 0, MidpointRounding.AwayFromZero) * _step;
                // Near the ends of the range the nearest multiple may not fit: take the one inside.
                if (rounded > long.MaxValue) rounded -= _step;
                if (rounded < long.MinValue) rounded += _step;
                return decimal.ToInt64(rounded);
            }
            case TypeClass.Decimal:
                return Round(value is decimal m ? m : (decimal)ValueCoercion.ToCanonical(value, TypeClass.Decimal)!);
            case TypeClass.Float:
            {
                var x = value is double d ? d : (double)ValueCoercion.ToCanonical(value, TypeClass.Float)!;
                if (!double.IsFinite(x)) return x;
                return decimals >= 0
                    ? Math.Round(x, Math.Min(decimals, 15), MidpointRounding.AwayFromZero)
                    : Math.Round(x / _stepDouble, MidpointRounding.AwayFromZero) * _stepDouble;
            }
            default:
            {
                var text = value as string ?? ValueCoercion.ToText(value);
                if (!decimal.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return fallback ?? text;
                return Round(x).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private decimal Round(decimal x)
    {
        try
        {
            return decimals >= 0
                ? decimal.Round(x, Math.Min(decimals, 28), MidpointRounding.AwayFromZero)
                : decimal.Round(x / _step, 0, MidpointRounding.AwayFromZero) * _step;
        }
        catch (OverflowException)
        {
            return x;
        }
    }

    private static decimal Pow10(int exponent)
    {
        var p = 1m;
        for (var i = 0; i < Math.Min(exponent, 28); i++) p *= 10;
        return p;
    }
}
