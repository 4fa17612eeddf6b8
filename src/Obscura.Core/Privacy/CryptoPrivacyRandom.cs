using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Obscura.Core.Privacy;

/// <summary>
/// The operating system's cryptographic random generator (<see cref="RandomNumberGenerator"/>): the source for every
/// real release. Unpredictable, so noise cannot be reproduced or subtracted; thread-safe.
/// </summary>
/// <remarks>
/// Bytes are fetched 4 KiB at a time into a per-thread buffer (one system call per 512 words instead of one per word);
/// each byte is used once.
/// </remarks>
public sealed class CryptoPrivacyRandom : IPrivacyRandom
{
    private const int BufferSize = 4096;

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_position;

    /// <summary>The one instance (its only state is per thread).</summary>
    public static CryptoPrivacyRandom Shared { get; } = new();

    private CryptoPrivacyRandom() { }

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        var buffer = t_buffer;
        if (buffer is null)
        {
            t_buffer = buffer = new byte[BufferSize];
            t_position = BufferSize;
        }
        if (t_position > BufferSize - sizeof(ulong))
        {
            RandomNumberGenerator.Fill(buffer);
            t_position = 0;
        }
        var word = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(t_position));
        t_position += sizeof(ulong);
        return word;
    }
}
