using System.Runtime.InteropServices;
using Obscura.Core.Crypto;

namespace Obscura.Engine.Validation.Internal;

/// <summary>
/// Per-thread scratch that normalizes one text and hashes its n-grams without allocating: tokens are maximal runs of
/// letters and digits, lower-cased, kept in one buffer separated by single spaces, so an n-gram of letters is a slice
/// of the buffer. An n-gram whose tokens are all digits hashes as the digits alone (phone numbers and dates match
/// whatever separators they were written with).
/// </summary>
internal sealed class TextTokens
{
    private char[] _text = new char[256];
    private char[] _digits = new char[256];
    private int[] _start = new int[64];
    private int[] _end = new int[64];
    private bool[] _numeric = new bool[64];

    /// <summary>Tokens of the last <see cref="Load"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Length of the normalized text (tokens and single spaces).</summary>
    public int Length { get; private set; }

    /// <summary>True when some token of the last <see cref="Load"/> has a letter.</summary>
    public bool HasLetters { get; private set; }

    /// <summary>Digits in the last <see cref="Load"/>.</summary>
    public int DigitCount { get; private set; }

    /// <summary>Normalizes <paramref name="value"/> into this scratch.</summary>
    public void Load(ReadOnlySpan<char> value)
    {
        if (_text.Length < value.Length + 1) _text = new char[Math.Max(value.Length + 1, _text.Length * 2)];
        var length = 0;
        var count = 0;
        var inToken = false;
        var numeric = true;
        var digits = 0;
        var letters = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsLetterOrDigit(c))
            {
                if (!inToken)
                {
                    if (count == _start.Length) GrowTokens();
                    if (count > 0) _text[length++] = ' ';
                    _start[count] = length;
                    inToken = true;
                    numeric = true;
                }
                if (char.IsDigit(c))
                {
                    digits++;
                }
                else
                {
                    numeric = false;
                    letters = true;
                }
                _text[length++] = char.ToLowerInvariant(c);
            }
            else if (inToken)
            {
                _end[count] = length;
                _numeric[count] = numeric;
                count++;
                inToken = false;
            }
        }
        if (inToken)
        {
            _end[count] = length;
            _numeric[count] = numeric;
            count++;
        }
        Count = count;
        Length = length;
        HasLetters = letters;
        DigitCount = digits;
    }

    /// <summary>True when the tokens <paramref name="first"/>..<paramref name="first"/>+<paramref name="n"/>-1 are all digits.</summary>
    public bool AllNumeric(int first, int n)
    {
        for (var i = first; i < first + n; i++) if (!_numeric[i]) return false;
        return true;
    }

    /// <summary>True when token <paramref name="index"/> is all digits.</summary>
    public bool IsNumeric(int index) => _numeric[index];

    /// <summary>Characters of the n-gram as compared: with single spaces, or (all digits) without them.</summary>
    public int CompareLength(int first, int n, bool numeric) => _end[first + n - 1] - _start[first] - (numeric ? n - 1 : 0);

    /// <summary>The keyed fingerprint of the n-gram of <paramref name="n"/> tokens starting at <paramref name="first"/>.</summary>
    public ulong Fingerprint(in SipHash hash, int first, int n) => Fingerprint(hash, first, n, AllNumeric(first, n));

    /// <summary>As <see cref="Fingerprint(in SipHash, int, int)"/>, with <paramref name="numeric"/> already known.</summary>
    public ulong Fingerprint(in SipHash hash, int first, int n, bool numeric)
    {
        if (numeric)
        {
            var length = 0;
            for (var i = first; i < first + n; i++)
            {
                var token = _text.AsSpan(_start[i], _end[i] - _start[i]);
                if (_digits.Length < length + token.Length) Array.Resize(ref _digits, Math.Max(_digits.Length * 2, length + token.Length));
                token.CopyTo(_digits.AsSpan(length));
                length += token.Length;
            }
            return hash.Compute(MemoryMarshal.AsBytes(_digits.AsSpan(0, length)));
        }
        return hash.Compute(MemoryMarshal.AsBytes(_text.AsSpan(_start[first], _end[first + n - 1] - _start[first])));
    }

    /// <summary>The fingerprint of the whole normalized value.</summary>
    public ulong Whole(in SipHash hash) => Fingerprint(hash, 0, Count);

    private void GrowTokens()
    {
        Array.Resize(ref _start, _start.Length * 2);
        Array.Resize(ref _end, _end.Length * 2);
        Array.Resize(ref _numeric, _numeric.Length * 2);
    }
}
