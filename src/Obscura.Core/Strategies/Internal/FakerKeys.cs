using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The keys of one faker kind and locale, derived from the run secret with the label <c>faker/{kind}/{locale}</c>:
/// independent of table, column and the other arguments, so the same input gives the same fake everywhere.
/// </summary>
internal sealed class FakerKeys
{
    private FakerKeys(SipHash seed, SipHash tag, SipHash permutation)
    {
        Seed = seed;
        Tag = tag;
        Permutation = permutation;
    }

    /// <summary>PRF of the input's text giving the 64-bit seed of the value's random stream.</summary>
    public SipHash Seed { get; }
    /// <summary>PRF of the input's text giving the 64-bit uniqueness tag (an independent key, so the tag says nothing about the seed).</summary>
    public SipHash Tag { get; }
    /// <summary>Round function of the keyed permutations used on unique columns.</summary>
    public SipHash Permutation { get; }

    /// <summary>Derives the keys for a kind and a (normalized) locale.</summary>
    public static FakerKeys Derive(RunSecret secret, FakerKind kind, string locale)
    {
        Span<byte> material = stackalloc byte[48];
        secret.DeriveKey("faker/" + FakerKinds.Name(kind) + "/" + locale, material);
        var keys = new FakerKeys(new SipHash(material[..16]), new SipHash(material[16..32]), new SipHash(material[32..48]));
        material.Clear();
        return keys;
    }
}
