using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>noise</c>: adds Laplace or Gaussian noise drawn deterministically from a keyed PRF of the value's normalised text
/// (and of the entity column's original value when configured), mapped through the distribution's inverse CDF; then
/// rounds, clamps to [min, max] and to the column type's range. Allocates only the boxed result.
/// </summary>
internal sealed class NoiseTransformer : IRowAwareTransformer
{
    private const double MaxDecimalNoise = 7.9e27;

    private readonly RowKeyedHash _hash;
    private readonly NoiseDistribution _distribution;
    private readonly double _scale;
    private readonly TypeClass _type;
    private readonly RowColumnSlot? _entity;
    private readonly int? _round;
    private readonly bool _single;
    private readonly long _integerMin;
    private readonly long _integerMax;
    private readonly decimal _decimalMin;
    private readonly decimal _decimalMax;
    private readonly double _floatMin;
    private readonly double _floatMax;

    public NoiseTransformer(SipHash prf, NoiseDistribution distribution, double scale, Column column, double? min, double? max, int? round, string? entity)
    {
        _hash = new RowKeyedHash(prf);
        _distribution = distribution;
        _scale = scale;
        _type = column.TypeClass;
        _single = column.Precision is <= 24;
        if (entity is not null)
        {
            _entity = new RowColumnSlot(entity);
            ReadsColumns = [entity];
        }
        else
        {
            ReadsColumns = [];
        }

        switch (_type)
        {
            case TypeClass.Integer:
            {
                _round = Math.Min(round ?? 0, 0);
                (_integerMin, _integerMax) = ColumnFit.IntegerRange(column);
                if (min is { } lo) _integerMin = Math.Max(_integerMin, ToInt64(Math.Ceiling(lo)));
                if (max is { } hi) _integerMax = Math.Min(_integerMax, ToInt64(Math.Floor(hi)));
                break;
            }
            case TypeClass.Decimal:
            {
                // Default: the column's scale, else the value's own scale (round stays null).
                _round = round ?? column.Scale;
                if (column.Scale is { } scaleLimit && _round > scaleLimit) _round = scaleLimit;
                _round = _round is { } r ? Math.Clamp(r, -28, 28) : null;
                (_decimalMin, _decimalMax) = DecimalRange(column);
                if (min is { } lo) _decimalMin = Math.Max(_decimalMin, ToDecimal(lo));
                if (max is { } hi) _decimalMax = Math.Min(_decimalMax, ToDecimal(hi));
                break;
            }
            default:
            {
                _round = round is { } r ? Math.Clamp(r, -300, 15) : null;
                var limit = _single ? float.MaxValue : double.MaxValue;
                _floatMin = Math.Max(-limit, min ?? double.NegativeInfinity);
                _floatMax = Math.Min(limit, max ?? double.PositiveInfinity);
                break;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadsColumns { get; }

    /// <inheritdoc />
    public object? Transform(object? value) => Transform(value, null);

    /// <inheritdoc />
    public object? Transform(object? value, RowContext? row)
    {
        if (value is null || value is DBNull) return value;
        var canonical = _type switch
        {
            TypeClass.Integer when value is long => value,
            TypeClass.Decimal when value is decimal => value,
            TypeClass.Float when value is double => value,
            _ => ValueCoercion.ToCanonical(value, _type)!,
        };
        if (canonical is double x && !double.IsFinite(x)) return canonical;

        var hash = _hash.Of(canonical);
        if (_entity is not null && row is not null && _entity.Original(row) is { } entity and not DBNull)
            hash = _hash.Combine(hash, _hash.Of(entity));
        var u = NoiseMath.Uniform(hash);
        var noise = _distribution == NoiseDistribution.Laplace
            ? NoiseMath.LaplaceQuantile(u, _scale)
            : _scale * NoiseMath.NormalQuantile(u);

        return _type switch
        {
            TypeClass.Integer => AddInteger((long)canonical, noise),
            TypeClass.Decimal => AddDecimal((decimal)canonical, noise),
            _ => AddFloat((double)canonical, noise),
        };
    }

    private long AddInteger(long x, double noise)
    {
        var sum = (Int128)x + ToInt64(Math.Round(noise));
        if (_round is < 0 and var r) sum = RoundToMultiple(sum, Pow10Int(-r));
        if (sum < _integerMin) return _integerMin;
        if (sum > _integerMax) return _integerMax;
        return (long)sum;
    }

    private decimal AddDecimal(decimal x, double noise)
    {
        var n = (decimal)Math.Clamp(noise, -MaxDecimalNoise, MaxDecimalNoise);
        decimal y;
        try
        {
            y = x + n;
        }
        catch (OverflowException)
        {
            y = n < 0 ? decimal.MinValue : decimal.MaxValue;
        }
        var places = _round ?? x.Scale;
        if (places >= 0) y = decimal.Round(y, places, MidpointRounding.ToEven);
        else
        {
            var q = Pow10Decimal(-places);
            y = decimal.Round(y / q, 0, MidpointRounding.ToEven) * q;
        }
        return Math.Clamp(y, _decimalMin, _decimalMax);
    }

    private double AddFloat(double x, double noise)
    {
        var y = x + noise;
        if (_round is { } r)
        {
            if (r >= 0) y = Math.Round(y, r, MidpointRounding.ToEven);
            else
            {
                var q = Math.Pow(10, -r);
                y = Math.Round(y / q, MidpointRounding.ToEven) * q;
            }
        }
        y = Math.Clamp(y, _floatMin, _floatMax);
        return _single ? (float)y : y;
    }

    private static Int128 RoundToMultiple(Int128 value, long q)
    {
        var magnitude = Int128.Abs(value);
        var rounded = (magnitude + q / 2) / q * q;
        return value < 0 ? -rounded : rounded;
    }

    private static long ToInt64(double x)
    {
        if (double.IsNaN(x)) return 0;
        if (x >= 9.2233720368547758e18) return long.MaxValue;
        if (x <= -9.2233720368547758e18) return long.MinValue;
        return (long)x;
    }

    private static decimal ToDecimal(double x) =>
        x >= (double)decimal.MaxValue ? decimal.MaxValue : x <= (double)decimal.MinValue ? decimal.MinValue : (decimal)x;

    private static long Pow10Int(int exponent)
    {
        var p = 1L;
        for (var i = 0; i < Math.Min(exponent, 18); i++) p *= 10;
        return p;
    }

    private static decimal Pow10Decimal(int exponent)
    {
        var p = 1m;
        for (var i = 0; i < Math.Min(exponent, 28); i++) p *= 10;
        return p;
    }

    private static (decimal Min, decimal Max) DecimalRange(Column column)
    {
        if (column.Precision is not { } precision) return (decimal.MinValue, decimal.MaxValue);
        var scale = Math.Clamp(column.Scale ?? 0, 0, 28);
        var integerDigits = precision - scale;
        if (integerDigits > 28) return (decimal.MinValue, decimal.MaxValue);
        var max = Pow10Decimal(Math.Max(integerDigits, 0)) - 1m / Pow10Decimal(scale);
        return (-max, max);
    }
}
