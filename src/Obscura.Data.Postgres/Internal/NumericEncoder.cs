using System.Buffers.Binary;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Encodes a numeric literal (<c>-123.4500</c>, <c>1e-30</c>, <c>NaN</c>, <c>Infinity</c>) in PostgreSQL's binary
/// <c>numeric</c> format, exactly and without the 28-digit limit of <see cref="decimal"/>, so numerics read as text
/// from the source can go through binary COPY unchanged.
/// </summary>
internal static class NumericEncoder
{
    private const ushort Positive = 0x0000;
    private const ushort Negative = 0x4000;
    private const ushort NaN = 0xC000;
    private const ushort PositiveInfinity = 0xD000;
    private const ushort NegativeInfinity = 0xF000;
    private const int MaxDisplayScale = 0x3FFF;

    /// <summary>The binary numeric value of <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a numeric literal, or is beyond PostgreSQL's numeric range.</exception>
    public static byte[] Encode(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) return Special(NaN);
        if (s.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase))
            return Special(PositiveInfinity);
        if (s.Equals("-Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("-inf", StringComparison.OrdinalIgnoreCase))
            return Special(NegativeInfinity);

        var position = 0;
        var negative = false;
        if (position < s.Length && s[position] is '+' or '-') negative = s[position++] == '-';

        // All significant digits, integer part then fraction, without the point.
        var digits = new List<byte>(s.Length);
        var fractionLength = 0;
        var seenPoint = false;
        var anyDigit = false;
        for (; position < s.Length; position++)
        {
            var ch = s[position];
            if (ch is >= '0' and <= '9')
            {
                anyDigit = true;
                if (digits.Count == 0 && ch == '0' && !seenPoint) continue;
                digits.Add((byte)(ch - '0'));
                if (seenPoint) fractionLength++;
            }
            else if (ch == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        if (!anyDigit) throw Invalid();

        var exponent = 0;
        if (position < s.Length && s[position] is 'e' or 'E')
        {
            position++;
            var expNegative = false;
            if (position < s.Length && s[position] is '+' or '-') expNegative = s[position++] == '-';
            var start = position;
            while (position < s.Length && s[position] is >= '0' and <= '9')
            {
                exponent = exponent * 10 + (s[position] - '0');
                if (exponent > 1_000_000) throw Invalid();
                position++;
            }
            if (position == start) throw Invalid();
            if (expNegative) exponent = -exponent;
        }
        if (position != s.Length) throw Invalid();

        // value = digits × 10^(-scale)
        var scale = fractionLength - exponent;
        var displayScale = Math.Max(0, scale);
        if (displayScale > MaxDisplayScale) throw Invalid();
        if (scale < 0)
        {
            for (var i = 0; i < -scale; i++) digits.Add(0);
            scale = 0;
        }
        while (scale % 4 != 0)
        {
            digits.Add(0);
            scale++;
        }
        var integerDigits = digits.Count - scale;
        var leadingPad = integerDigits < 0 ? -integerDigits : (4 - integerDigits % 4) % 4;
        integerDigits += leadingPad;
        var padded = new byte[leadingPad + digits.Count];
        digits.CopyTo(padded, leadingPad);

        var groups = new List<short>(padded.Length / 4);
        for (var i = 0; i < padded.Length; i += 4)
        {
            groups.Add((short)(padded[i] * 1000 + padded[i + 1] * 100 + padded[i + 2] * 10 + padded[i + 3]));
        }
        var weight = integerDigits / 4 - 1;
        var first = 0;
        while (first < groups.Count && groups[first] == 0) { first++; weight--; }
        var last = groups.Count;
        while (last > first && groups[last - 1] == 0) last--;
        var count = last - first;
        if (count == 0) { weight = 0; negative = false; }
        if (weight is > short.MaxValue or < short.MinValue || count > short.MaxValue) throw Invalid();

        var bytes = new byte[8 + count * 2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(2), (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), negative ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(6), (short)displayScale);
        for (var i = 0; i < count; i++) BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(8 + i * 2), groups[first + i]);
        return bytes;
    }

    private static byte[] Special(ushort sign)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), sign);
        return bytes;
    }

    // The text is not repeated: it is a row value.
    private static FormatException Invalid() => new("the value is not a numeric literal within PostgreSQL's numeric range");
}
