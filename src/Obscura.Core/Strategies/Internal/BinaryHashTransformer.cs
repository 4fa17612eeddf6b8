using System.Buffers.Binary;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary><c>hash</c> for bytes: a 128-bit keyed hash, cut to <c>length</c> bytes (and the column's maximum). Empty stays empty.</summary>
internal sealed class BinaryHashTransformer(HashKeys keys, int length) : IColumnTransformer
{
    private readonly SipHash _first = keys.First;
    private readonly SipHash _second = keys.Second;

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var bytes = value as byte[] ?? (byte[])ValueCoercion.ToCanonical(value, TypeClass.Binary)!;
        if (bytes.Length == 0) return bytes;
        Span<byte> digest = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(digest, _first.Compute(bytes));
        BinaryPrimitives.WriteUInt64LittleEndian(digest[8..], _second.Compute(bytes));
        return digest[..length].ToArray();
    }
}
