using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Obscura.Core.Profiling;

/// <summary>
/// The shape of a text value: its format without its content. Upper-case letters become <c>A</c>, other letters <c>a</c>,
/// digits <c>9</c>, any whitespace a space; ASCII punctuation and symbols stay as they are; anything else (controls,
/// non-ASCII symbols, emoji) becomes <c>?</c>. <c>+91 98765 43210</c> → <c>+99 99999 99999</c>, <c>ABCDE1234F</c> →
/// <c>AAAAA9999A</c>.
/// </summary>
/// <remarks>
/// Values longer than <see cref="ExactLength"/> characters (free text) have each run of two or more equal class letters
/// (<c>A</c>, <c>a</c>, <c>9</c>) collapsed to the letter and <c>+</c> (<c>Lorem ipsum</c> → <c>Aa+ a+</c>), so long texts
/// share a few shapes instead of one each. Every shape is cut at <see cref="MaxLength"/> characters, with <c>…</c> marking the cut.
/// </remarks>
public static class ValueShape
{
    /// <summary>Values up to this length keep one shape character per character.</summary>
    public const int ExactLength = 32;

    /// <summary>The longest shape, including the trailing <c>…</c> of a cut shape.</summary>
    public const int MaxLength = 40;

    private static readonly char[] Ascii = BuildAscii();

    /// <summary>Writes the shape of <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long); returns its length.</summary>
    public static int Write(ReadOnlySpan<char> value, Span<char> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"the destination must hold {MaxLength} characters", nameof(destination));
        if (value.Length <= ExactLength)
        {
            var i = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                // Eight characters at a time while they are ASCII (the common case for formatted data).
                ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
                ref var target = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
                for (; i <= value.Length - 8; i += 8)
                {
                    var v = Vector128.LoadUnsafe(ref source, (nuint)i);
                    if (Vector128.GreaterThanAny(v, Vector128.Create((ushort)127))) break;
                    ClassifyAscii(v).StoreUnsafe(ref target, (nuint)i);
                }
            }
            for (; i < value.Length; i++) destination[i] = Classify(value[i]);
            return value.Length;
        }
        var run = new CollapsedRun();
        foreach (var c in value)
        {
            if (!run.Append(Classify(c), destination)) break;
        }
        return run.Length;
    }

    /// <summary>
    /// The shape of ASCII text given as bytes (the caller checks it is ASCII), the same as <see cref="Write(ReadOnlySpan{char}, Span{char})"/>
    /// gives for those characters: profiles shape UTF-8 straight from the wire without decoding it.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> ascii, Span<char> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"the destination must hold {MaxLength} characters", nameof(destination));
        if (ascii.Length <= ExactLength)
        {
            var i = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                ref var source = ref MemoryMarshal.GetReference(ascii);
                ref var target = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
                for (; i <= ascii.Length - 8; i += 8)
                {
                    // Eight bytes widened to eight code units: the same classification as the UTF-16 path.
                    var v = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, i))).AsByte());
                    ClassifyAscii(v).StoreUnsafe(ref target, (nuint)i);
                }
            }
            for (; i < ascii.Length; i++) destination[i] = Ascii[ascii[i] & 0x7F];
            return ascii.Length;
        }
        var run = new CollapsedRun();
        foreach (var b in ascii)
        {
            if (!run.Append(Ascii[b & 0x7F], destination)) break;
        }
        return run.Length;
    }

    /// <summary>
    /// The shape of UTF-8 text straight from its bytes when it is all ASCII (then its length in characters is its length in
    /// bytes), as <see cref="Write(ReadOnlySpan{char}, Span{char})"/> gives for those characters; -1 when it holds a
    /// non-ASCII byte (decode it and shape the characters). One pass both checks and classifies, 16 bytes at a time.
    /// </summary>
    public static int WriteUtf8(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"the destination must hold {MaxLength} characters", nameof(destination));
        var n = utf8.Length;
        if (n > ExactLength)
        {
            var run = new CollapsedRun();
            var i = 0;
            for (; i < n; i++)
            {
                var b = utf8[i];
                if (b >= 0x80) return -1;
                if (!run.Append(Ascii[b], destination)) break;
            }
            // Past a cut the shape is complete, but a non-ASCII byte there still changes the length in characters.
            return i == n || System.Text.Ascii.IsValid(utf8[i..]) ? run.Length : -1;
        }
        ref var source = ref MemoryMarshal.GetReference(utf8);
        ref var target = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        if (Vector128.IsHardwareAccelerated && n >= 8)
        {
            if (n >= 16)
            {
                // 16 bytes at a time; the last block overlaps the one before (classes are per byte, so rewriting is harmless).
                for (var i = 0; ; i += 16)
                {
                    var at = Math.Min(i, n - 16);
                    var v = Vector128.LoadUnsafe(ref source, (nuint)at);
                    if (v.ExtractMostSignificantBits() != 0) return -1;
                    var (low, high) = Vector128.Widen(ClassifyAscii(v));
                    low.StoreUnsafe(ref target, (nuint)at);
                    high.StoreUnsafe(ref target, (nuint)(at + 8));
                    if (at == n - 16) return n;
                }
            }
            // 8 to 15 bytes: the first and the last 8.
            var first = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref source)).AsByte();
            var last = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, n - 8))).AsByte();
            if (((first | last).ExtractMostSignificantBits() & 0xFF) != 0) return -1;
            Vector128.WidenLower(ClassifyAscii(first)).StoreUnsafe(ref target);
            Vector128.WidenLower(ClassifyAscii(last)).StoreUnsafe(ref target, (nuint)(n - 8));
            return n;
        }
        for (var i = 0; i < n; i++)
        {
            var b = utf8[i];
            if (b >= 0x80) return -1;
            destination[i] = Ascii[b];
        }
        return n;
    }

    /// <summary>The shape of <paramref name="value"/> as a string.</summary>
    public static string Of(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Write(value, buffer)]);
    }

    /// <summary>
    /// True when the shape holds at least one class letter (<c>A</c>, <c>a</c>, <c>9</c>). A shape without one is made of
    /// kept punctuation only and so equals the value it came from: reports withhold such shapes for personal data.
    /// </summary>
    public static bool HidesContent(ReadOnlySpan<char> shape) => shape.IndexOfAny('A', 'a', '9') >= 0;

    /// <summary>A long value's shape being written: runs of one class letter collapse to the letter and <c>+</c>.</summary>
    private struct CollapsedRun
    {
        private char _previous;
        private bool _repeated;

        public int Length { get; private set; }

        /// <summary>Appends one classified character; false once the shape is full (cut, ending with <c>…</c>).</summary>
        public bool Append(char shape, Span<char> destination)
        {
            char token;
            if (shape == _previous && shape is 'A' or 'a' or '9')
            {
                if (_repeated) return true;
                token = '+';
                _repeated = true;
            }
            else
            {
                token = shape;
                _previous = shape;
                _repeated = false;
            }
            if (Length == MaxLength - 1)
            {
                destination[Length++] = '…';
                return false;
            }
            destination[Length++] = token;
            return true;
        }
    }

    /// <summary>The table in <see cref="BuildAscii"/> for eight ASCII characters at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ClassifyAscii(Vector128<ushort> v)
    {
        var upper = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'A'), Vector128.Create((ushort)25));
        var lower = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'a'), Vector128.Create((ushort)25));
        var digit = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
        // \t \n \v \f \r (9-13) and the space; other controls (and DEL) are unprintable.
        var space = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)9), Vector128.Create((ushort)4)) | Vector128.Equals(v, Vector128.Create((ushort)' '));
        var control = (Vector128.LessThan(v, Vector128.Create((ushort)32)) | Vector128.Equals(v, Vector128.Create((ushort)127))) & ~space;
        var result = Vector128.ConditionalSelect(upper, Vector128.Create((ushort)'A'), v);
        result = Vector128.ConditionalSelect(lower, Vector128.Create((ushort)'a'), result);
        result = Vector128.ConditionalSelect(digit, Vector128.Create((ushort)'9'), result);
        result = Vector128.ConditionalSelect(space, Vector128.Create((ushort)' '), result);
        return Vector128.ConditionalSelect(control, Vector128.Create((ushort)'?'), result);
    }

    /// <summary>The same table for sixteen ASCII bytes at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ClassifyAscii(Vector128<byte> v)
    {
        var upper = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'A'), Vector128.Create((byte)25));
        var lower = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
        var digit = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        var space = Vector128.LessThanOrEqual(v - Vector128.Create((byte)9), Vector128.Create((byte)4)) | Vector128.Equals(v, Vector128.Create((byte)' '));
        var control = (Vector128.LessThan(v, Vector128.Create((byte)32)) | Vector128.Equals(v, Vector128.Create((byte)127))) & ~space;
        var result = Vector128.ConditionalSelect(upper, Vector128.Create((byte)'A'), v);
        result = Vector128.ConditionalSelect(lower, Vector128.Create((byte)'a'), result);
        result = Vector128.ConditionalSelect(digit, Vector128.Create((byte)'9'), result);
        result = Vector128.ConditionalSelect(space, Vector128.Create((byte)' '), result);
        return Vector128.ConditionalSelect(control, Vector128.Create((byte)'?'), result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char Classify(char c)
    {
        if (c < 128) return Ascii[c];
        if (char.IsUpper(c)) return 'A';
        if (char.IsLetter(c)) return 'a';
        if (char.IsDigit(c)) return '9';
        return char.IsWhiteSpace(c) ? ' ' : '?';
    }

    private static char[] BuildAscii()
    {
        var table = new char[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = c switch
            {
                >= 'A' and <= 'Z' => 'A',
                >= 'a' and <= 'z' => 'a',
                >= '0' and <= '9' => '9',
                ' ' or '\t' or '\n' or '\r' or '\v' or '\f' => ' ',
                < 32 or 127 => '?',
                _ => (char)c,
            };
        }
        return table;
    }
}
