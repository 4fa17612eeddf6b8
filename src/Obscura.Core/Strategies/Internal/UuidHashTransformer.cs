using System.Security.Cryptography;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for UUIDs: AES-128 encryption of the 16 bytes (RFC 4122 byte order) as a single block, a keyed
/// bijection of all 2^128 values. One encryptor and two block buffers are reused, so the only allocation per
/// value is the boxed result.
/// </summary>
internal sealed class UuidHashTransformer : IColumnTransformer, IDisposable
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _input = new byte[16];
    private readonly byte[] _output = new byte[16];

    public UuidHashTransformer(HashKeys keys)
    {
        _aes = Aes.Create();
        _aes.Key = keys.BlockKey;
        // One block of a block cipher is a keyed permutation of 128-bit values; no chaining is involved,
        // so the ECB weakness (equal blocks of one message look equal) does not apply.
#pragma warning disable CA5358
        _aes.Mode = CipherMode.ECB;
#pragma warning restore CA5358
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var guid = value is Guid g ? g : (Guid)ValueCoercion.ToCanonical(value, TypeClass.Uuid)!;
        guid.TryWriteBytes(_input, bigEndian: true, out _);
        _encryptor.TransformBlock(_input, 0, 16, _output, 0);
        return new Guid(_output, bigEndian: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
