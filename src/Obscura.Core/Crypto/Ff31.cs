using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace Obscura.Core.Crypto;

/// <summary>
/// FF3-1 of NIST SP 800-38G Rev. 1 (56-bit tweaks) over AES-128, -192 or -256 (chosen by the key's length), with
/// the tweak fixed per instance. Reproduces the NIST ACVP AES-FF3-1 vectors exactly. Lengths run from
/// <see cref="FpeCipher.MinLength"/> to 2·⌊log_radix(2^96)⌋ (56 for decimal digits); every half fits 96 bits, so the
/// whole algorithm runs in 128-bit integers without allocating. Thread-safe.
/// </summary>
public sealed class Ff31 : FpeCipher
{
    /// <summary>Tweak length in bytes (56 bits).</summary>
    public const int TweakLength = 7;

    private const int Rounds = 8;

    private readonly FpeAes _aes;
    private readonly uint _tweakLeft;
    private readonly uint _tweakRight;
    private readonly UInt128[] _powers;

    /// <summary>Creates FF3-1 for a key, radix and tweak.</summary>
    /// <param name="key">AES key K: 16, 24 or 32 bytes (the cipher uses REVB(K), as the standard says).</param>
    /// <param name="radix">2 to 65536.</param>
    /// <param name="tweak">Exactly 7 bytes.</param>
    /// <param name="allowSmallDomains">Accept lengths below <see cref="FpeCipher.MinLength"/> (see <see cref="FpeCipher"/> remarks).</param>
    /// <exception cref="ArgumentException">The key or tweak has an unsupported length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The radix is out of range.</exception>
    public Ff31(ReadOnlySpan<byte> key, int radix, ReadOnlySpan<byte> tweak, bool allowSmallDomains = false)
        : base(radix, allowSmallDomains)
    {
        if (tweak.Length != TweakLength) throw new ArgumentException($"an FF3-1 tweak is exactly {TweakLength} bytes (56 bits)", nameof(tweak));
        Span<byte> reversed = stackalloc byte[key.Length];
        key.CopyTo(reversed);
        reversed.Reverse();
        _aes = new FpeAes(reversed);
        reversed.Clear();

        // T_L = T[0..27] || 0^4 and T_R = T[32..55] || T[28..31] || 0^4 (bit positions of the 56-bit tweak).
        _tweakLeft = (uint)(tweak[0] << 24 | tweak[1] << 16 | tweak[2] << 8 | (tweak[3] & 0xF0));
        _tweakRight = (uint)(tweak[4] << 24 | tweak[5] << 16 | tweak[6] << 8 | ((tweak[3] & 0x0F) << 4));

        // radix^k for k up to ⌊log_radix(2^96)⌋; the longest string is twice that.
        var powers = new List<UInt128> { 1 };
        var limit = (UInt128)1 << 96;
        while (powers[^1] * (uint)radix <= limit) powers.Add(powers[^1] * (uint)radix);
        _powers = [.. powers];
        MaxLength = 2 * (_powers.Length - 1);
    }

    /// <inheritdoc />
    public override string Algorithm => "FF3-1";

    /// <inheritdoc />
    public override int MaxLength { get; }

    /// <inheritdoc />
    protected override void Transform(ReadOnlySpan<ushort> input, Span<ushort> output, bool decrypt)
    {
        var n = input.Length;
        var u = (n + 1) / 2;
        var radix = Radix;
        // Halves as NUM_radix(REV(A)) and NUM_radix(REV(B)): C = REV(STR^m(c)) gives NUM_radix(REV(C)) = c,
        // so the rounds run on these numbers and the strings are converted once at each end.
        var a = FpeNumerals.ToUInt128Reversed(input[..u], radix);
        var b = FpeNumerals.ToUInt128Reversed(input[u..], radix);
        var modU = _powers[u];
        var modV = _powers[n - u];
        if (!decrypt)
        {
            for (var i = 0; i < Rounds; i++)
            {
                var even = (i & 1) == 0;
                var modulus = even ? modU : modV;
                var y = Round(even ? _tweakRight : _tweakLeft, i, b) % modulus;
                var c = a + y;
                if (c >= modulus) c -= modulus;
                a = b;
                b = c;
            }
        }
        else
        {
            for (var i = Rounds - 1; i >= 0; i--)
            {
                var even = (i & 1) == 0;
                var modulus = even ? modU : modV;
                var y = Round(even ? _tweakRight : _tweakLeft, i, a) % modulus;
                var c = b >= y ? b - y : b + (modulus - y);
                b = a;
                a = c;
            }
        }
        FpeNumerals.FromUInt128Reversed(a, radix, output[..u]);
        FpeNumerals.FromUInt128Reversed(b, radix, output[u..]);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _aes.Dispose();
        base.Dispose(disposing);
    }

    // y = NUM(S) with P = (W xor [i]^4) || [NUM_radix(REV(B))]^12 and S = REVB(CIPH_REVB(K)(REVB(P))).
    private UInt128 Round(uint w, int round, UInt128 half)
    {
        Span<byte> p = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(p, w ^ (uint)round);
        // half < 2^96, so its 16-byte big-endian form is 4 zero bytes and then the 12 bytes of [NUM_radix(REV(B))]^12.
        Span<byte> number = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(number, half);
        number[4..].CopyTo(p[4..]);
        p.Reverse();
        Span<byte> s = stackalloc byte[16];
        _aes.Encrypt(Vector128.Create((ReadOnlySpan<byte>)p)).CopyTo(s);
        s.Reverse();
        return BinaryPrimitives.ReadUInt128BigEndian(s);
    }
}
