using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The keys one <c>hash</c> use derives from the run secret with the label <c>hash/{arguments fingerprint}</c>:
/// independent of table and column, so equal inputs hash equally everywhere the same arguments are used.
/// </summary>
internal sealed class HashKeys
{
    private HashKeys(SipHash first, SipHash second, SipHash permutation, byte[] blockKey)
    {
        First = first;
        Second = second;
        Permutation = permutation;
        BlockKey = blockKey;
    }

    /// <summary>PRF for the first 64 bits of a value hash.</summary>
    public SipHash First { get; }
    /// <summary>PRF for the second 64 bits of a value hash.</summary>
    public SipHash Second { get; }
    /// <summary>Round function of the keyed permutations (integers, decimals).</summary>
    public SipHash Permutation { get; }
    /// <summary>AES-128 key for UUIDs.</summary>
    public byte[] BlockKey { get; }

    /// <summary>Derives the keys for one argument set.</summary>
    public static HashKeys Derive(RunSecret secret, StrategyArguments arguments)
    {
        Span<byte> material = stackalloc byte[64];
        secret.DeriveKey("hash/" + arguments.Fingerprint(), material);
        var keys = new HashKeys(new SipHash(material[..16]), new SipHash(material[16..32]), new SipHash(material[32..48]), material[48..64].ToArray());
        material.Clear();
        return keys;
    }
}
