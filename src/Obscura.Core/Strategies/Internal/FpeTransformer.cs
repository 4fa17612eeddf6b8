using System.Buffers;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>fpe</c> bound to one column, encrypting (or, for the inverse, decrypting). Text: the characters of the
/// alphabet are encrypted as one numeral string and put back in their places; every other character stays where it
/// is. Integers: the decimal digits of the absolute value, keeping the sign and the digit count (no leading zero),
/// cycle-walking until the result fits the column's type. Created once per table stream like every transformer;
/// the cipher inside is thread-safe.
/// </summary>
internal sealed class FpeTransformer : IColumnTransformer, IDisposable
{
    private const int StackLimit = 256;

    private readonly FpeCipher _cipher;
    private readonly FpeAlphabet _alphabet;
    private readonly bool _decrypt;
    private readonly bool _integer;
    private readonly string _where;
    private readonly ulong _positiveLimit;
    private readonly ulong _negativeLimit;

    public FpeTransformer(FpeCipher cipher, FpeAlphabet alphabet, StrategyBinding binding, bool decrypt)
    {
        _cipher = cipher;
        _alphabet = alphabet;
        _decrypt = decrypt;
        _integer = binding.Column.TypeClass == TypeClass.Integer;
        _where = $"{binding.Table}.{binding.Column.Name}";
        var (min, max) = ColumnFit.IntegerRange(binding.Column);
        _positiveLimit = (ulong)max;
        _negativeLimit = min < 0 ? (ulong)(-(min + 1)) + 1 : 0;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        if (_integer) return TransformInteger(value is long l ? l : (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!);
        return TransformText(value as string ?? ValueCoercion.ToText(value));
    }

    /// <inheritdoc />
    public void Dispose() => _cipher.Dispose();

    private string TransformText(string text)
    {
        ushort[]? rentedNumerals = null;
        char[]? rentedChars = null;
        Span<ushort> numerals = text.Length <= StackLimit ? stackalloc ushort[text.Length] : (rentedNumerals = ArrayPool<ushort>.Shared.Rent(text.Length));
        try
        {
            var n = 0;
            foreach (var c in text)
            {
                var numeral = _alphabet.IndexOf(c);
                if (numeral >= 0) numerals[n++] = (ushort)numeral;
            }
            // Nothing from the alphabet (empty text, only separators): there is nothing to encrypt.
            if (n == 0) return text;
            Check(n);
            var digits = numerals[..n];
            if (_decrypt) _cipher.Decrypt(digits, digits);
            else _cipher.Encrypt(digits, digits);

            Span<char> chars = text.Length <= StackLimit ? stackalloc char[text.Length] : (rentedChars = ArrayPool<char>.Shared.Rent(text.Length));
            var j = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                chars[i] = _alphabet.Contains(c) ? _alphabet[digits[j++]] : c;
            }
            var result = new string(chars[..text.Length]);
            chars.Clear();
            return result;
        }
        finally
        {
            numerals.Clear();
            if (rentedNumerals is not null) ArrayPool<ushort>.Shared.Return(rentedNumerals);
            if (rentedChars is not null) ArrayPool<char>.Shared.Return(rentedChars);
        }
    }

    private long TransformInteger(long value)
    {
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var limit = negative ? _negativeLimit : _positiveLimit;
        if (magnitude > limit)
            throw new ObscuraException($"fpe on {_where}: a value is outside the range of the column's integer type, so it cannot be encrypted within it");

        var d = DigitCount(magnitude);
        Check(d);
        Span<ushort> digits = stackalloc ushort[d];
        var rest = magnitude;
        for (var i = d - 1; i >= 0; i--)
        {
            digits[i] = (ushort)(rest % 10);
            rest /= 10;
        }
        // Cycle walking: the accepted set (d digits, no leading zero, not -0, within the type) contains the input, so
        // the walk returns into it, and it stays a bijection of that set.
        ulong result;
        do
        {
            if (_decrypt) _cipher.Decrypt(digits, digits);
            else _cipher.Encrypt(digits, digits);
            result = 0;
            foreach (var digit in digits) result = result * 10 + digit;
        }
        while ((d > 1 ? digits[0] == 0 : negative && result == 0) || result > limit);
        return negative ? (long)(0UL - result) : (long)result;
    }

    private void Check(int numerals)
    {
        if (numerals > _cipher.MaxLength)
        {
            var hint = _cipher is Ff31 ? "use algorithm: ff1 (up to " + Ff1.MaxSupportedLength + ") or 'hash'" : "use 'hash' for such values";
            throw new ObscuraException(
                $"fpe ({_cipher.Algorithm}) on {_where}: a value has {numerals} characters from the alphabet, more than the {_cipher.MaxLength} {_cipher.Algorithm} can encrypt; {hint}");
        }
        if (numerals >= _cipher.MinLength || _cipher.AllowsSmallDomains) return;
        throw new ObscuraException(
            $"fpe on {_where}: a value has only {numerals} character{(numerals == 1 ? "" : "s")} from the {_cipher.Radix}-character alphabet, " +
            $"a domain of {FpeSettings.DomainSize(_cipher.Radix, numerals)} possible values, below the {FpeCipher.MinimumDomainSize:N0} NIST SP 800-38G requires " +
            $"(at least {_cipher.MinLength} characters here); format-preserving encryption of so few values can be undone by brute force or frequency analysis. " +
            "Use 'hash' for such short values, or set allow_small_domain: true to accept the risk");
    }

    private static int DigitCount(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
