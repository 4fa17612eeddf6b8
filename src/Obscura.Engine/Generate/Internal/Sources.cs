using System.Globalization;
using System.Text;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Generate.Internal;

/// <summary>The same value in every row (NULL, or a constant).</summary>
internal sealed class ConstantSource(object? value) : ValueSource
{
    public override object? At(long row, IRowLookup rowValues) => value;
}

/// <summary><c>start + row</c>: keys in row order.</summary>
internal sealed class SequenceSource(long start, TypeClass type) : ValueSource
{
    public override bool Injective => true;
    public override object? At(long row, IRowLookup rowValues) => type switch
    {
        TypeClass.Decimal => (decimal)(start + row),
        TypeClass.Float => (double)(start + row),
        TypeClass.Text => (start + row).ToString(CultureInfo.InvariantCulture),
        _ => start + row,
    };
}

/// <summary>Distinct integers of [min, min + size) in a keyed order (unique columns with a range).</summary>
internal sealed class UniqueRangeSource(long min, ulong size, ulong key, TypeClass type) : ValueSource
{
    private readonly AffinePermutation _permutation = new(key, size);
    public override bool Injective => true;
    public override object? At(long row, IRowLookup rowValues) =>
        ScalarUnits.ToValue(min + (long)_permutation.Apply((ulong)row), 0, type);
}

/// <summary><see cref="RangeValueSpec"/>: uniform in [min, max], integers inclusive, others rounded to the scale.</summary>
internal sealed class RangeSource(double min, double max, int scale, ulong key, TypeClass type) : ValueSource
{
    public override object? At(long row, IRowLookup rowValues)
    {
        var h = Draw.At(key, row);
        if (type is TypeClass.Integer or TypeClass.Date or TypeClass.Time || scale == 0 && type != TypeClass.Float && type != TypeClass.DateTime && type != TypeClass.DateTimeOffset)
        {
            var lo = Math.Ceiling(min);
            var span = (long)(Math.Floor(max) - lo) + 1;
            return ScalarUnits.ToValue(lo + (span > 0 ? Draw.Below(h, span) : 0), 0, type);
        }
        var v = min + Draw.Unit(h) * (max - min);
        var value = ScalarUnits.ToValue(v, scale, type);
        // Rounding may step just outside the range (and a CHECK): step back inside by one unit of the scale.
        return value switch
        {
            decimal d when (double)d > max => d - Unit(scale),
            decimal d when (double)d < min => d + Unit(scale),
            _ => value,
        };
    }

    private static decimal Unit(int scale)
    {
        var u = 1m;
        for (var i = 0; i < scale; i++) u /= 10;
        return u;
    }
}

/// <summary><see cref="ChoiceValueSpec.InOrder"/>: row i takes entry i (modulo the count), so a lookup table's columns line up.</summary>
internal sealed class InOrderSource(object?[] values) : ValueSource
{
    public override object? At(long row, IRowLookup rowValues) => values[(int)(row % values.Length)];
}

/// <summary><see cref="ChoiceValueSpec"/>: one of the values by weight; on unique columns each value at most once.</summary>
internal sealed class ChoiceSource : ValueSource
{
    private readonly object?[] _values;
    private readonly double[] _cumulative;
    private readonly ulong _key;
    private readonly AffinePermutation? _unique;

    public ChoiceSource(object?[] values, IReadOnlyList<double>? weights, ulong key, bool unique)
    {
        _values = values;
        _key = key;
        _cumulative = Cumulative(values.Length, weights);
        if (unique) _unique = new AffinePermutation(key, (ulong)values.Length);
    }

    public override bool Injective => _unique is not null;

    public override object? At(long row, IRowLookup rowValues)
    {
        if (_unique is { } p) return _values[(int)p.Apply((ulong)row)];
        return _values[Pick(_cumulative, Draw.Unit(Draw.At(_key, row)))];
    }

    /// <summary>Running sums of the weights, normalised to end at 1 (equal weights when none or all zero).</summary>
    public static double[] Cumulative(int count, IReadOnlyList<double>? weights)
    {
        var result = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++) total += weights is null || i >= weights.Count ? 1 : Math.Max(0, weights[i]);
        var equal = total <= 0;
        if (equal) total = count;
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += equal || weights is null || i >= weights.Count ? 1 : Math.Max(0, weights[i]);
            result[i] = sum / total;
        }
        if (count > 0) result[^1] = 1.0;
        return result;
    }

    /// <summary>The index whose cumulative share first exceeds <paramref name="u"/>.</summary>
    public static int Pick(double[] cumulative, double u)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (cumulative[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}

/// <summary><see cref="HistogramValueSpec"/>: a bucket by weight, then uniform inside it, in the column's units.</summary>
internal sealed class HistogramSource(HistogramBucketSpec[] buckets, int scale, ulong key, TypeClass type) : ValueSource
{
    private readonly double[] _cumulative = ChoiceSource.Cumulative(buckets.Length, Array.ConvertAll(buckets, b => b.Weight));

    public override object? At(long row, IRowLookup rowValues)
    {
        var h = Draw.At(key, row);
        var bucket = buckets[ChoiceSource.Pick(_cumulative, Draw.Unit(h))];
        var u = Draw.Unit(Draw.Next(h, 1));
        var width = bucket.High - bucket.Low;
        if (type is TypeClass.Integer || type is TypeClass.Decimal && scale == 0)
        {
            // Integers of [low, high): every whole number in the bucket, none of the next bucket's; drawn from another word
            // than the bucket (the same high bits would put every value of a low bucket at its start).
            var lo = Math.Ceiling(bucket.Low);
            var count = (long)Math.Ceiling(bucket.High - lo);
            return ScalarUnits.ToValue(lo + (count > 0 ? Draw.Below(Draw.Next(h, 1), count) : 0), 0, type);
        }
        var v = bucket.Low + u * width;
        var value = ScalarUnits.ToValue(v, scale, type);
        return value is decimal d && (double)d >= bucket.High && width > 0 ? ScalarUnits.ToValue(bucket.Low, scale, type) : value;
    }
}

/// <summary><see cref="DateRangeValueSpec"/>: whole days for dates, whole seconds for timestamps, both ends included.</summary>
internal sealed class DateRangeSource(DateTime from, DateTime to, ulong key, TypeClass type) : ValueSource
{
    private readonly double _from = ScalarUnits.FromDate(from, type == TypeClass.Date ? TypeClass.Date : TypeClass.DateTime);
    private readonly double _to = ScalarUnits.FromDate(to, type == TypeClass.Date ? TypeClass.Date : TypeClass.DateTime);

    public override object? At(long row, IRowLookup rowValues)
    {
        var span = (long)(_to - _from) + 1;
        var v = _from + (span > 0 ? Draw.Below(Draw.At(key, row), span) : 0);
        var value = ScalarUnits.ToValue(v, 0, type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset ? type : TypeClass.DateTime);
        return type switch
        {
            TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset => value,
            TypeClass.Text => ((DateTime)value).ToString(from.TimeOfDay == TimeSpan.Zero && to.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            _ => ValueCoercion.ToCanonical(value, type),
        };
    }
}

/// <summary>
/// <see cref="TextValueSpec"/> with a shape: <c>9</c> a digit, <c>A</c> an upper-case letter, <c>a</c> a lower-case
/// letter, anything else as is. Unique: the row's number permuted over every string of the shape.
/// </summary>
internal sealed class ShapeSource : ValueSource
{
    private readonly string _shape;
    private readonly ulong _key;
    private readonly AffinePermutation? _unique;

    public ShapeSource(string shape, ulong key, bool unique)
    {
        _shape = shape;
        _key = key;
        if (unique) _unique = new AffinePermutation(key, Capacity(shape));
    }

    public override bool Injective => _unique is not null;

    /// <summary>How many distinct strings the shape has (capped at 2^62).</summary>
    public static ulong Capacity(string shape)
    {
        var n = 1UL;
        foreach (var c in shape)
        {
            var radix = Radix(c);
            if (radix == 1) continue;
            if (n > (1UL << 62) / radix) return 1UL << 62;
            n *= radix;
        }
        return n;
    }

    public override object? At(long row, IRowLookup rowValues)
    {
        Span<char> buffer = _shape.Length <= 256 ? stackalloc char[_shape.Length] : new char[_shape.Length];
        if (_unique is { } p)
        {
            // Mixed radix, last position least significant.
            var x = p.Apply((ulong)row);
            for (var i = _shape.Length - 1; i >= 0; i--)
            {
                var radix = Radix(_shape[i]);
                buffer[i] = Symbol(_shape[i], (int)(x % radix));
                x /= radix;
            }
        }
        else
        {
            var h = Draw.At(_key, row);
            for (var i = 0; i < _shape.Length; i++)
            {
                if (i % 8 == 0 && i > 0) h = Draw.Next(h, i);
                var radix = Radix(_shape[i]);
                buffer[i] = Symbol(_shape[i], (int)((h >> (i % 8 * 8)) & 0xFF) % (int)radix);
            }
        }
        return new string(buffer);
    }

    private static ulong Radix(char c) => c switch { '9' => 10, 'A' or 'a' => 26, _ => 1 };

    private static char Symbol(char c, int v) => c switch
    {
        '9' => (char)('0' + v),
        'A' => (char)('A' + v),
        'a' => (char)('a' + v),
        _ => c,
    };
}

/// <summary>
/// The <c>faker</c> strategy bound to the column, fed a number derived from the row as its input: the value is the
/// faker's deterministic fake of that input. Kinds with a collision-free form (permuted digits, tagged emails) get the
/// row number itself on unique columns, so distinct rows get distinct values.
/// </summary>
internal sealed class FakerSource(IColumnTransformer faker, long inputOffset, bool injective, TypeClass type) : ValueSource
{
    public override bool Injective => injective;

    public override object? At(long row, IRowLookup rowValues)
    {
        var value = faker.Transform(inputOffset + row);
        return value is null || CanonicalTypeMatches(value) ? value : ValueCoercion.ToCanonical(value, type);
    }

    private bool CanonicalTypeMatches(object value) => type switch
    {
        TypeClass.Text => value is string,
        TypeClass.Integer => value is long,
        TypeClass.Decimal => value is decimal,
        TypeClass.Date => value is DateOnly,
        TypeClass.DateTime => value is DateTime,
        TypeClass.DateTimeOffset => value is DateTimeOffset,
        _ => false,
    };
}

/// <summary>
/// <see cref="TextValueSpec"/> without a shape: the faker's lorem words, cut or extended to a length drawn between the
/// minimum and maximum.
/// </summary>
internal sealed class WordsSource(IColumnTransformer lorem, int minLength, int maxLength, ulong key) : ValueSource
{
    private readonly StringBuilder _text = new();

    public override object? At(long row, IRowLookup rowValues)
    {
        var h = Draw.At(key, row);
        var length = minLength + (int)Draw.Below(h, Math.Max(1, maxLength - minLength + 1));
        if (length <= 0) return string.Empty;
        _text.Clear();
        for (var draw = 0; _text.Length < length && draw < 64; draw++)
        {
            if (_text.Length > 0) _text.Append(' ');
            _text.Append((string?)lorem.Transform((long)(Draw.Next(h, draw) >> 2)));
        }
        if (_text.Length > length) _text.Length = length;
        // A cut can end in a space; the length stays within bounds after trimming only when above the minimum.
        while (_text.Length > Math.Max(minLength, 1) && _text[^1] == ' ') _text.Length--;
        if (_text.Length > 0 && _text[^1] == ' ') _text[^1] = 'x';
        return _text.ToString();
    }
}

/// <summary>Random version-4 UUIDs from the row's draws (distinct in practice: 122 random bits).</summary>
internal sealed class UuidSource(ulong key) : ValueSource
{
    public override bool Injective => true;

    public override object? At(long row, IRowLookup rowValues)
    {
        Span<byte> bytes = stackalloc byte[16];
        var h = Draw.At(key, row);
        BitConverter.TryWriteBytes(bytes, h);
        BitConverter.TryWriteBytes(bytes[8..], Draw.Next(h, 1) ^ (ulong)row);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

/// <summary>Random bytes of a fixed length.</summary>
internal sealed class BinarySource(int length, ulong key) : ValueSource
{
    public override object? At(long row, IRowLookup rowValues)
    {
        var bytes = new byte[length];
        var h = Draw.At(key, row);
        for (var i = 0; i < length; i++)
        {
            if (i % 8 == 0) h = Draw.Next(h, i);
            bytes[i] = (byte)(h >> (i % 8 * 8));
        }
        return bytes;
    }
}

/// <summary>NULL in a share of rows (<see cref="ValueSpec.NullRatio"/>), the inner value otherwise.</summary>
internal sealed class NullableSource(ValueSource inner, double ratio, ulong key) : ValueSource
{
    public override object? At(long row, IRowLookup rowValues) =>
        Draw.Unit(Draw.At(key, row)) < ratio ? null : inner.At(row, rowValues);
}

/// <summary>Numbers held within a CHECK constraint's bounds (for specs that are not ranges themselves).</summary>
internal sealed class ClampSource(ValueSource inner, decimal? min, decimal? max) : ValueSource
{
    public override bool Injective => false;

    public override object? At(long row, IRowLookup rowValues)
    {
        var v = inner.At(row, rowValues);
        return v switch
        {
            long l => (long)Clamp(l),
            decimal d => Clamp(d),
            double f => (double)Clamp((decimal)f),
            _ => v,
        };
    }

    private decimal Clamp(decimal v) => min is { } lo && v < lo ? lo : max is { } hi && v > hi ? hi : v;
}

/// <summary>
/// Text made distinct by the row's number: before the <c>@</c> of an email, else after a dash; the inner value is cut
/// so the whole fits the column.
/// </summary>
internal sealed class UniqueTextSource(ValueSource inner, int? maxLength) : ValueSource
{
    public override bool Injective => true;

    public override object? At(long row, IRowLookup rowValues)
    {
        var text = inner.At(row, rowValues) as string ?? string.Empty;
        var number = (row + 1).ToString(CultureInfo.InvariantCulture);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            var local = text[..at];
            var domain = text[at..];
            if (maxLength is { } m && local.Length + number.Length + domain.Length > m)
                local = local[..Math.Max(0, m - number.Length - domain.Length)];
            var result = local + number + domain;
            return maxLength is { } max && result.Length > max ? Fit(string.Empty, "-" + number, max) : result;
        }
        return Fit(text, (text.Length == 0 ? string.Empty : "-") + number, maxLength);
    }

    private static string Fit(string text, string suffix, int? maxLength)
    {
        if (maxLength is not { } m || text.Length + suffix.Length <= m) return text + suffix;
        if (suffix.Length >= m) return suffix[^m..];
        return text[..(m - suffix.Length)] + suffix;
    }
}

/// <summary>Any text source cut to the column's length.</summary>
internal sealed class FitTextSource(ValueSource inner, int maxLength) : ValueSource
{
    public override bool Injective => inner.Injective;

    public override object? At(long row, IRowLookup rowValues)
    {
        var v = inner.At(row, rowValues);
        return v is string s && s.Length > maxLength ? s[..maxLength] : v;
    }
}

/// <summary>Canonical values of another type class converted to the column's (text of numbers, numbers of text...).</summary>
internal sealed class ConvertSource(ValueSource inner, TypeClass type) : ValueSource
{
    public override bool Injective => inner.Injective;

    public override object? At(long row, IRowLookup rowValues)
    {
        var v = inner.At(row, rowValues);
        if (v is null) return null;
        if (type == TypeClass.Text) return ValueCoercion.ToText(v);
        return ValueCoercion.ToCanonical(v is string ? v : ValueCoercion.ToText(v), type);
    }
}
