using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Obscura.Core.Crypto;

/// <summary>
/// FF1 of NIST SP 800-38G (2016, with the 2019 Rev. 1 domain bound radix^minlen &gt;= 1,000,000) over AES-128, -192
/// or -256 (chosen by the key's length), with a tweak fixed per instance. Reproduces the NIST FF1 samples exactly.
/// Strings whose halves fit 64 bits (radix^⌈n/2⌉ &lt; 2^64, e.g. up to 38 decimal digits) take an allocation-free
/// path; longer strings, up to <see cref="MaxSupportedLength"/> numerals, use arbitrary-precision arithmetic.
/// Thread-safe.
/// </summary>
public sealed class Ff1 : FpeCipher
{
    /// <summary>Longest numeral string accepted (an implementation limit; the standard allows up to 2^32 - 1).</summary>
    public const int MaxSupportedLength = 4096;

    /// <summary>Longest tweak accepted, in bytes (an implementation limit; the standard leaves maxTlen to the implementation).</summary>
    public const int MaxTweakLength = 256;

    private const int Rounds = 10;
    private const int CachedLengths = 64;

    private readonly FpeAes _aes;
    private readonly byte[] _tweak;
    private readonly FpeFf1Plan?[] _plans = new FpeFf1Plan?[CachedLengths + 1];
    private readonly ConcurrentDictionary<int, FpeFf1Plan> _longPlans = new();

    /// <summary>Creates FF1 for a key, radix and tweak.</summary>
    /// <param name="key">AES key: 16, 24 or 32 bytes.</param>
    /// <param name="radix">2 to 65536.</param>
    /// <param name="tweak">0 to <see cref="MaxTweakLength"/> bytes (empty in the NIST samples 1, 4 and 7).</param>
    /// <param name="allowSmallDomains">Accept lengths below <see cref="FpeCipher.MinLength"/> (see <see cref="FpeCipher"/> remarks).</param>
    /// <exception cref="ArgumentException">The key or tweak has an unsupported length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The radix is out of range.</exception>
    public Ff1(ReadOnlySpan<byte> key, int radix, ReadOnlySpan<byte> tweak = default, bool allowSmallDomains = false)
        : base(radix, allowSmallDomains)
    {
        if (tweak.Length > MaxTweakLength) throw new ArgumentException($"an FF1 tweak is at most {MaxTweakLength} bytes", nameof(tweak));
        _aes = new FpeAes(key);
        _tweak = tweak.ToArray();
    }

    /// <inheritdoc />
    public override string Algorithm => "FF1";

    /// <inheritdoc />
    public override int MaxLength => MaxSupportedLength;

    /// <inheritdoc />
    protected override void Transform(ReadOnlySpan<ushort> input, Span<ushort> output, bool decrypt)
    {
        var plan = Plan(input.Length);
        if (plan.IsFast) RunFast(plan, input, output, decrypt);
        else RunGeneral(plan, input, output, decrypt);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            Array.Clear(_tweak);
        }
        base.Dispose(disposing);
    }

    private FpeFf1Plan Plan(int n)
    {
        if (n <= CachedLengths) return _plans[n] ??= new FpeFf1Plan(_aes, Radix, _tweak, n);
        return _longPlans.GetOrAdd(n, length => new FpeFf1Plan(_aes, Radix, _tweak, length));
    }

    // Halves as 64-bit numbers: A and B are only ever used through NUM_radix, and NUM_radix(STR^m(c)) = c,
    // so the rounds run on the numbers and the strings are converted once at each end.
    private void RunFast(FpeFf1Plan plan, ReadOnlySpan<ushort> input, Span<ushort> output, bool decrypt)
    {
        var radix = Radix;
        var a = FpeNumerals.ToUInt64(input[..plan.U], radix);
        var b = FpeNumerals.ToUInt64(input[plan.U..], radix);
        if (!decrypt)
        {
            for (var i = 0; i < Rounds; i++)
            {
                var modulus = (i & 1) == 0 ? plan.ModU : plan.ModV;
                var y = FastRound(plan, i, b, modulus);
                // c = (NUM(A) + y) mod radix^m, without overflowing 64 bits.
                var c = a + y;
                if (c < a || c >= modulus) c -= modulus;
                a = b;
                b = c;
            }
        }
        else
        {
            for (var i = Rounds - 1; i >= 0; i--)
            {
                var modulus = (i & 1) == 0 ? plan.ModU : plan.ModV;
                var y = FastRound(plan, i, a, modulus);
                // c = (NUM(B) - y) mod radix^m.
                var c = b >= y ? b - y : b + (modulus - y);
                b = a;
                a = c;
            }
        }
        FpeNumerals.FromUInt64(a, radix, output[..plan.U]);
        FpeNumerals.FromUInt64(b, radix, output[plan.U..]);
    }

    // y mod radix^m, where y = NUM(S) and S is the first d bytes of R = PRF(P || Q).
    private ulong FastRound(FpeFf1Plan plan, int round, ulong half, ulong modulus)
    {
        // The varying bytes of Q's last block: [i]^1 || [NUM_radix(B)]^b, right-aligned (b <= 8, so i lands in the
        // low word unless b = 8).
        ulong high = 0, low = half;
        if (plan.B == 8) high = (uint)round;
        else low |= (ulong)(uint)round << (8 * plan.B);
        if (BitConverter.IsLittleEndian)
        {
            // Big-endian words in memory order, built and read in registers.
            var varying = Vector128.Create(BinaryPrimitives.ReverseEndianness(high), BinaryPrimitives.ReverseEndianness(low)).AsByte();
            var r = _aes.Encrypt(plan.FastKey ^ varying);
            if (plan.D == 8) return BinaryPrimitives.ReverseEndianness(r.AsUInt64().GetElement(0)) % modulus;
            // d = 12: S = R[0..12) = a 4-byte word, then an 8-byte word.
            var words = r.AsUInt32();
            var top = BinaryPrimitives.ReverseEndianness(words.GetElement(0));
            var rest = ((ulong)BinaryPrimitives.ReverseEndianness(words.GetElement(1)) << 32) | BinaryPrimitives.ReverseEndianness(words.GetElement(2));
            return (ulong)((((UInt128)top << 64) | rest) % modulus);
        }
        Span<byte> block = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(block, high);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], low);
        _aes.Encrypt(plan.FastKey ^ Vector128.Create((ReadOnlySpan<byte>)block)).CopyTo(block);
        if (plan.D == 8) return BinaryPrimitives.ReadUInt64BigEndian(block) % modulus;
        var y = ((UInt128)BinaryPrimitives.ReadUInt32BigEndian(block) << 64) | BinaryPrimitives.ReadUInt64BigEndian(block[4..]);
        return (ulong)(y % modulus);
    }

    private void RunGeneral(FpeFf1Plan plan, ReadOnlySpan<ushort> input, Span<ushort> output, bool decrypt)
    {
        var radix = Radix;
        var a = FpeNumerals.ToBig(input[..plan.U], radix);
        var b = FpeNumerals.ToBig(input[plan.U..], radix);
        var tail = ArrayPool<byte>.Shared.Rent(plan.Tail.Length);
        var s = ArrayPool<byte>.Shared.Rent(plan.D + 16);
        try
        {
            if (!decrypt)
            {
                for (var i = 0; i < Rounds; i++)
                {
                    var modulus = (i & 1) == 0 ? plan.BigModU : plan.BigModV;
                    var y = GeneralRound(plan, i, b, tail, s);
                    var c = BigInteger.Remainder(a + y, modulus);
                    a = b;
                    b = c;
                }
            }
            else
            {
                for (var i = Rounds - 1; i >= 0; i--)
                {
                    var modulus = (i & 1) == 0 ? plan.BigModU : plan.BigModV;
                    var y = GeneralRound(plan, i, a, tail, s);
                    var c = BigInteger.Remainder(b - y, modulus);
                    if (c.Sign < 0) c += modulus;
                    b = a;
                    a = c;
                }
            }
        }
        finally
        {
            Array.Clear(tail);
            Array.Clear(s);
            ArrayPool<byte>.Shared.Return(tail);
            ArrayPool<byte>.Shared.Return(s);
        }
        FpeNumerals.FromBig(a, radix, output[..plan.U]);
        FpeNumerals.FromBig(b, radix, output[plan.U..]);
    }

    // y = NUM(S): R = PRF(P || Q) by CBC-MAC from the plan's chained state; S = first d bytes of
    // R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) || ...
    private BigInteger GeneralRound(FpeFf1Plan plan, int round, BigInteger half, byte[] tailBuffer, byte[] sBuffer)
    {
        var length = plan.Tail.Length;
        var tail = tailBuffer.AsSpan(0, length);
        plan.Tail.CopyTo(tail);
        tail[length - plan.B - 1] = (byte)round;
        var numberBytes = tail[(length - plan.B)..];
        if (!half.IsZero)
        {
            var count = half.GetByteCount(isUnsigned: true);
            half.TryWriteBytes(numberBytes[(plan.B - count)..], out _, isUnsigned: true, isBigEndian: true);
        }
        var r = plan.Chain;
        for (var k = 0; k < length; k += 16) r = _aes.Encrypt(r ^ Vector128.Create((ReadOnlySpan<byte>)tail.Slice(k, 16)));

        var blocks = (plan.D + 15) / 16;
        var s = sBuffer.AsSpan(0, blocks * 16);
        r.CopyTo(s);
        Span<byte> counter = stackalloc byte[16];
        for (var j = 1; j < blocks; j++)
        {
            counter.Clear();
            BinaryPrimitives.WriteInt32BigEndian(counter[12..], j);
            _aes.Encrypt(r ^ Vector128.Create((ReadOnlySpan<byte>)counter)).CopyTo(s[(16 * j)..]);
        }
        return new BigInteger(s[..plan.D], isUnsigned: true, isBigEndian: true);
    }
}
