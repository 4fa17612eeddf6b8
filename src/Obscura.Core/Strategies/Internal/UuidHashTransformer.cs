using System.Security.Cryptography;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for UUIDs: AES-128 encryption of the 16 bytes (RFC 4122 byte order) as a single block, a keyed
/// bijection of all 2^128 values. No allocation per value except the boxed result.
/// </summary>
internal sealed class UuidHashTransformer : IColumnTransformer, IDisposable
{
    private readonly Aes _aes;

    public UuidHashTransformer(HashKeys keys)
    {
        _aes = Aes.Create();
        _aes.Key = keys.BlockKey;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var guid = value is Guid g ? g : (Guid)ValueCoercion.ToCanonical(value, TypeClass.Uuid)!;
        Span<byte> block = stackalloc byte[16];
        Span<byte> output = stackalloc byte[16];
        guid.TryWriteBytes(block, bigEndian: true, out _);
        _aes.EncryptEcb(block, output, PaddingMode.None);
        return new Guid(output, bigEndian: true);
    }

    /// <inheritdoc />
    public void Dispose() => _aes.Dispose();
}
