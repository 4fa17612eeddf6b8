using Obscura.Core.Crypto;
using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>pan</c>: India's Permanent Account Numbers <c>AAAPA9999A</c> with a valid holder type (mostly P, individuals;
/// see <see cref="Pan"/>). Unique form: a valid input is ranked in the space of all valid PANs (about 1.2 × 10^12),
/// the rank goes through a keyed permutation and back, so distinct valid inputs never collide.
/// </summary>
internal sealed class FakerPanGenerator : FakerGenerator
{
    // Positions: 3 letters, holder type, letter, 4 digits, letter.
    private static readonly ulong Size = 26UL * 26 * 26 * (ulong)Pan.HolderTypes.Length * 26 * 10_000 * 26;
    private readonly bool _unique;
    private readonly KeyedPermutation _permutation;

    public FakerPanGenerator(FakerTarget target, bool unique, SipHash permutationKey)
        : base(target)
    {
        _unique = unique;
        _permutation = new KeyedPermutation(permutationKey, Size, tweak: Pan.Length);
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        var text = input.Text;
        if (_unique && Pan.IsValid(text)) return Unrank(_permutation.Permute(Rank(text)));
        Span<char> pan = stackalloc char[Pan.Length];
        for (var i = 0; i < 3; i++) pan[i] = random.Letter();
        // Most PANs belong to individuals; the other holder types share the rest.
        pan[3] = random.Chance(17, 20) ? 'P' : Pan.HolderTypes[random.Next(Pan.HolderTypes.Length)];
        pan[4] = random.Letter();
        FakerDigits.Format((ulong)random.Between(1, 9999), pan.Slice(5, 4));
        pan[9] = random.Letter();
        return new string(pan);
    }

    private static ulong Rank(string pan)
    {
        var r = 0UL;
        for (var i = 0; i < 3; i++) r = r * 26 + (ulong)(pan[i] - 'A');
        r = r * (ulong)Pan.HolderTypes.Length + (ulong)Pan.HolderTypes.IndexOf(pan[3], StringComparison.Ordinal);
        r = r * 26 + (ulong)(pan[4] - 'A');
        r = r * 10_000 + FakerDigits.Parse(pan.AsSpan(5, 4));
        return r * 26 + (ulong)(pan[9] - 'A');
    }

    private static string Unrank(ulong r)
    {
        Span<char> pan = stackalloc char[Pan.Length];
        pan[9] = (char)('A' + (int)(r % 26));
        r /= 26;
        FakerDigits.Format(r % 10_000, pan.Slice(5, 4));
        r /= 10_000;
        pan[4] = (char)('A' + (int)(r % 26));
        r /= 26;
        pan[3] = Pan.HolderTypes[(int)(r % (ulong)Pan.HolderTypes.Length)];
        r /= (ulong)Pan.HolderTypes.Length;
        for (var i = 2; i >= 0; i--)
        {
            pan[i] = (char)('A' + (int)(r % 26));
            r /= 26;
        }
        return new string(pan);
    }
}
