using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Obscura.Core.Privacy;

/// <summary>
/// The operating system's cryptographic random generator (<see cref="RandomNumberGenerator"/>): the source for every
/// real release. Unpredictable, so noise cannot be reproduced or subtracted; thread-safe.
/// </summary>
public sealed class CryptoPrivacyRandom : IPrivacyRandom
{
    /// <summary>The one instance (it has no state).</summary>
    public static CryptoPrivacyRandom Shared { get; } = new();

    private CryptoPrivacyRandom() { }

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
