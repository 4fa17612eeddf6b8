using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Engine.Strategies;

/// <summary>
/// The keyed, deterministic token of a value: HMAC-SHA256 of the value's canonical text under a key derived from the
/// run secret with the label <c>tokenize/v1/{format}</c> (independent of table and column), rendered in the format; on
/// integer columns in the digits format a sign-preserving keyed permutation of the type's range (exactly injective).
/// Thread-safe (immutable; HMAC is computed with the static one-shot API).
/// </summary>
internal sealed class Tokenizer
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly byte[] _key;
    private readonly SignPreservingPermutation? _permutation;

    public Tokenizer(RunSecret secret, TokenFormat format, int length, Column column)
    {
        Format = format;
        Length = length;
        TypeClass = column.TypeClass;
        _key = secret.DeriveKey("tokenize/v1/" + format.ToString().ToLowerInvariant(), 32);
        if (column.TypeClass == TypeClass.Integer)
        {
            var prf = new SipHash(secret.DeriveKey("tokenize/v1/integer", SipHash.KeySize));
            _permutation = SignPreservingPermutation.ForInteger(prf, column.IntegerBits is { } b and >= 2 and <= 64 ? b : 64, column.IsUnsigned);
        }
    }

    public TokenFormat Format { get; }
    public int Length { get; }
    public TypeClass TypeClass { get; }

    /// <summary>The most characters a format renders from one 256-bit HMAC.</summary>
    public static int MaxLength(TokenFormat format) => format switch
    {
        TokenFormat.Alnum => 40,
        TokenFormat.Digits => 76,
        _ => 36,
    };

    /// <summary>Bits of the keyed hash a token of this length carries.</summary>
    public static double Bits(TokenFormat format, int length) => format switch
    {
        TokenFormat.Alnum => length * Math.Log2(62),
        TokenFormat.Digits => length * Math.Log2(10),
        _ => 122,
    };

    /// <summary>The token of a canonical non-null value, as a canonical value of the column (text, long or Guid) and its text.</summary>
    public (object Token, string Text) Tokenize(object value, string valueText)
    {
        if (_permutation is not null)
        {
            var permuted = _permutation.Permute(value is long l ? l : (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!);
            return (permuted, ValueCoercion.ToText(permuted));
        }
        Span<byte> mac = stackalloc byte[32];
        var input = Encoding.UTF8.GetBytes(valueText);
        HMACSHA256.HashData(_key, input, mac);
        if (Format == TokenFormat.Uuid)
        {
            var bytes = mac[..16].ToArray();
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            var guid = new Guid(bytes, bigEndian: true);
            var text = guid.ToString("D");
            return TypeClass == TypeClass.Uuid ? (guid, text) : (text, text);
        }
        var (radix, perWord) = Format == TokenFormat.Digits ? (10UL, 19) : (62UL, 10);
        var chars = new char[Length];
        var pos = 0;
        for (var w = 0; w < 4 && pos < Length; w++)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(mac.Slice(w * 8, 8));
            for (var i = 0; i < perWord && pos < Length; i++)
            {
                chars[pos++] = Base62[(int)(word % radix)];
                word /= radix;
            }
        }
        var token = new string(chars);
        return (token, token);
    }
}
