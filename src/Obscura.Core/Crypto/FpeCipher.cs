using System.Buffers;

namespace Obscura.Core.Crypto;

/// <summary>
/// A format-preserving cipher of NIST SP 800-38G (<see cref="Ff1"/>, <see cref="Ff31"/>): a keyed permutation of the
/// numeral strings of each length over radix <see cref="Radix"/>. Numerals are values 0 to radix - 1 (an
/// <see cref="FpeAlphabet"/> maps them to characters). Instances are thread-safe; dispose them to clear the key.
/// </summary>
/// <remarks>
/// The standard requires radix^length &gt;= 1,000,000 (<see cref="MinimumDomainSize"/>): on smaller domains an
/// adversary can tabulate or frequency-analyse the whole permutation. With <see cref="AllowsSmallDomains"/> the
/// cipher still runs the same Feistel construction on lengths 2 to <see cref="MinLength"/> - 1 (outside the
/// standard's bound, so outside its security claim), and permutes single numerals by cycle walking on two-numeral
/// strings whose first numeral is 0.
/// </remarks>
public abstract class FpeCipher : IDisposable
{
    /// <summary>The smallest domain (radix^length) the standard allows: one million.</summary>
    public const int MinimumDomainSize = 1_000_000;

    /// <summary>The smallest radix.</summary>
    public const int MinRadix = 2;

    /// <summary>The largest radix (2^16, as the standard allows).</summary>
    public const int MaxRadix = 65536;

    private const int StackLimit = 256;
    private bool _disposed;

    /// <summary>Validates the radix and records the small-domain choice.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radix"/> is not between 2 and 65536.</exception>
    protected FpeCipher(int radix, bool allowSmallDomains)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radix, MinRadix);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(radix, MaxRadix);
        Radix = radix;
        AllowsSmallDomains = allowSmallDomains;
        MinLength = MinimumLength(radix);
    }

    /// <summary>"FF1" or "FF3-1".</summary>
    public abstract string Algorithm { get; }

    /// <summary>The base of the numerals (2 to 65536).</summary>
    public int Radix { get; }

    /// <summary>The shortest length the standard allows for this radix: the least n &gt;= 2 with radix^n &gt;= 1,000,000.</summary>
    public int MinLength { get; }

    /// <summary>The longest numeral string this cipher encrypts.</summary>
    public abstract int MaxLength { get; }

    /// <summary>True when lengths below <see cref="MinLength"/> (down to 1) are accepted (see remarks).</summary>
    public bool AllowsSmallDomains { get; }

    /// <summary>The least n &gt;= 2 with radix^n &gt;= 1,000,000.</summary>
    public static int MinimumLength(int radix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radix, MinRadix);
        var n = 2;
        while (!IsDomainLargeEnough(radix, n)) n++;
        return n;
    }

    /// <summary>True when radix^length &gt;= 1,000,000, the standard's smallest domain.</summary>
    public static bool IsDomainLargeEnough(int radix, int length)
    {
        long size = 1;
        for (var i = 0; i < length; i++)
        {
            size *= radix;
            if (size >= MinimumDomainSize) return true;
        }
        return false;
    }

    /// <summary>True when strings of <paramref name="length"/> numerals can be encrypted by this instance.</summary>
    public bool Supports(int length) => length <= MaxLength && (length >= MinLength || (AllowsSmallDomains && length >= 1));

    /// <summary>Encrypts a numeral string; <paramref name="destination"/> may be the same memory as <paramref name="numerals"/>.</summary>
    /// <exception cref="ArgumentException">A numeral is not below the radix, the destination is shorter, or the length is not supported.</exception>
    public void Encrypt(ReadOnlySpan<ushort> numerals, Span<ushort> destination) => Run(numerals, destination, decrypt: false);

    /// <summary>Decrypts a numeral string; <paramref name="destination"/> may be the same memory as <paramref name="numerals"/>.</summary>
    /// <exception cref="ArgumentException">A numeral is not below the radix, the destination is shorter, or the length is not supported.</exception>
    public void Decrypt(ReadOnlySpan<ushort> numerals, Span<ushort> destination) => Run(numerals, destination, decrypt: true);

    /// <summary>Encrypts text whose every character is in <paramref name="alphabet"/> (radix = alphabet size).</summary>
    /// <exception cref="ArgumentException">A character is not in the alphabet, the alphabet's size is not the radix, or the length is not supported.</exception>
    public string Encrypt(string text, FpeAlphabet alphabet) => Run(text, alphabet, decrypt: false);

    /// <summary>Decrypts text whose every character is in <paramref name="alphabet"/> (radix = alphabet size).</summary>
    /// <exception cref="ArgumentException">A character is not in the alphabet, the alphabet's size is not the radix, or the length is not supported.</exception>
    public string Decrypt(string text, FpeAlphabet alphabet) => Run(text, alphabet, decrypt: true);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Clears key material.</summary>
    protected virtual void Dispose(bool disposing) => _disposed = true;

    /// <summary>
    /// The algorithm proper on a string of 2 to <see cref="MaxLength"/> numerals, all below the radix (checked by the
    /// caller). <paramref name="output"/> has the same length and may overlap <paramref name="input"/> exactly.
    /// </summary>
    protected abstract void Transform(ReadOnlySpan<ushort> input, Span<ushort> output, bool decrypt);

    private void Run(ReadOnlySpan<ushort> numerals, Span<ushort> destination, bool decrypt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = numerals.Length;
        if (destination.Length < n) throw new ArgumentException("the destination is shorter than the input", nameof(destination));
        if (!Supports(n))
        {
            throw new ArgumentException(n > MaxLength
                ? $"{Algorithm} encrypts at most {MaxLength} numerals of radix {Radix}; the input has {n}"
                : $"{Algorithm} needs at least {MinLength} numerals of radix {Radix} (radix^length >= {MinimumDomainSize:N0}); the input has {n}",
                nameof(numerals));
        }
        foreach (var numeral in numerals)
        {
            if (numeral >= Radix) throw new ArgumentException($"every numeral must be below the radix {Radix}", nameof(numerals));
        }
        if (n >= 2)
        {
            Transform(numerals, destination[..n], decrypt);
            return;
        }
        // One numeral x: walk the cycle of the two-numeral string (0, x) until it returns to a string starting with 0.
        Span<ushort> pair = [0, numerals[0]];
        do Transform(pair, pair, decrypt);
        while (pair[0] != 0);
        destination[0] = pair[1];
    }

    private string Run(string text, FpeAlphabet alphabet, bool decrypt)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(alphabet);
        if (alphabet.Radix != Radix) throw new ArgumentException($"the alphabet has {alphabet.Radix} characters but the radix is {Radix}", nameof(alphabet));
        ushort[]? rented = null;
        var numerals = text.Length <= StackLimit ? stackalloc ushort[text.Length] : (rented = ArrayPool<ushort>.Shared.Rent(text.Length)).AsSpan(0, text.Length);
        try
        {
            for (var i = 0; i < text.Length; i++)
            {
                var index = alphabet.IndexOf(text[i]);
                if (index < 0) throw new ArgumentException($"character {i + 1} of the text is not in the alphabet", nameof(text));
                numerals[i] = (ushort)index;
            }
            Run(numerals, numerals, decrypt);
            return alphabet.ToText(numerals);
        }
        finally
        {
            numerals.Clear();
            if (rented is not null) ArrayPool<ushort>.Shared.Return(rented);
        }
    }
}
