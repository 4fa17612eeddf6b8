namespace Obscura.Core.Crypto;

/// <summary>
/// The AES key expansion of FIPS-197 §5.2 for 128-, 192- and 256-bit keys. The S-box is computed from its
/// definition (multiplicative inverse in GF(2^8) followed by the affine map), so no table is transcribed by hand.
/// </summary>
internal static class FpeAesKeySchedule
{
    private static readonly byte[] SBox = BuildSBox();

    /// <summary>Number of rounds for a key of <paramref name="keyLength"/> bytes (10, 12 or 14).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes.</exception>
    public static int Rounds(int keyLength) => keyLength switch
    {
        16 => 10,
        24 => 12,
        32 => 14,
        _ => throw new ArgumentException("an AES key is 16, 24 or 32 bytes", nameof(keyLength)),
    };

    /// <summary>The round keys w[0..4(Nr+1)) as 16 × (Nr + 1) bytes, each word in FIPS-197 byte order.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> key)
    {
        var rounds = Rounds(key.Length);
        var nk = key.Length / 4;
        var words = 4 * (rounds + 1);
        var w = new byte[words * 4];
        key.CopyTo(w);
        Span<byte> temp = stackalloc byte[4];
        byte rcon = 1;
        for (var i = nk; i < words; i++)
        {
            w.AsSpan((i - 1) * 4, 4).CopyTo(temp);
            if (i % nk == 0)
            {
                // RotWord, SubWord, then Rcon[i/Nk] = x^(i/Nk - 1) in the first byte.
                var first = temp[0];
                temp[0] = (byte)(SBox[temp[1]] ^ rcon);
                temp[1] = SBox[temp[2]];
                temp[2] = SBox[temp[3]];
                temp[3] = SBox[first];
                rcon = Double(rcon);
            }
            else if (nk > 6 && i % nk == 4)
            {
                for (var j = 0; j < 4; j++) temp[j] = SBox[temp[j]];
            }
            for (var j = 0; j < 4; j++) w[i * 4 + j] = (byte)(w[(i - nk) * 4 + j] ^ temp[j]);
        }
        temp.Clear();
        return w;
    }

    private static byte[] BuildSBox()
    {
        var box = new byte[256];
        for (var x = 0; x < 256; x++)
        {
            var inverse = 0;
            if (x != 0)
            {
                for (var y = 1; y < 256; y++)
                {
                    if (Multiply((byte)x, (byte)y) != 1) continue;
                    inverse = y;
                    break;
                }
            }
            var b = inverse;
            var s = b ^ Rotl(b, 1) ^ Rotl(b, 2) ^ Rotl(b, 3) ^ Rotl(b, 4) ^ 0x63;
            box[x] = (byte)s;
        }
        return box;
    }

    private static int Rotl(int b, int n) => ((b << n) | (b >> (8 - n))) & 0xFF;

    private static byte Double(byte b) => (byte)((b << 1) ^ ((b & 0x80) != 0 ? 0x1B : 0));

    private static byte Multiply(byte a, byte b)
    {
        byte product = 0;
        while (b != 0)
        {
            if ((b & 1) != 0) product ^= a;
            a = Double(a);
            b >>= 1;
        }
        return product;
    }
}
