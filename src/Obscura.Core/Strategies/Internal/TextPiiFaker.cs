using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Discovery;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Fakes of the items <c>text_pii</c> finds, made by the <c>faker</c> strategy's own generators with the same keys
/// (label <c>faker/{kind}/{locale}</c>), so an item gets the fake the <c>faker</c> strategy gives it in a column:
/// identifiers (SSN, Aadhaar, card, phone, PAN, IPv4) through the collision-free keyed permutations (valid stays valid,
/// layout and length are kept), emails through the name-based form, IPv6 through the tagged form. IBANs keep country,
/// shape and layout with new check digits. Not thread-safe (one encoding buffer).
/// </summary>
internal sealed class TextPiiFaker
{
    private static readonly PiiKind[] AllKinds = Enum.GetValues<PiiKind>();

    private readonly FakerGenerator?[] _generators = new FakerGenerator?[AllKinds.Length];
    private readonly SipHash[] _seeds = new SipHash[AllKinds.Length];
    private byte[] _buffer = new byte[256];

    /// <summary>Derives the keys and builds the generators of the enabled kinds for a (normalized) Bogus locale.</summary>
    public TextPiiFaker(RunSecret secret, string locale, PiiKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var target = new FakerTarget { TypeClass = TypeClass.Text };
        FakerLocale? data = null;
        foreach (var kind in AllKinds)
        {
            if ((kinds & PiiKindNames.ToSet(kind)) == 0) continue;
            var keys = FakerKeys.Derive(secret, FakerKindOf(kind), locale);
            _seeds[(int)kind] = keys.Seed;
            _generators[(int)kind] = kind switch
            {
                PiiKind.Email => new FakerInternetGenerator(FakerKind.Email, data ??= FakerLocale.Get(locale), target, unique: false, freeDomains: false, keys),
                PiiKind.Phone => new FakerPhoneGenerator(data ??= FakerLocale.Get(locale), target, unique: true, keys.Permutation),
                PiiKind.NationalId => new FakerAadhaarGenerator(target, unique: true, keys.Permutation),
                PiiKind.Pan => new FakerPanGenerator(target, unique: true, keys.Permutation),
                PiiKind.Ssn => new FakerSsnGenerator(target, unique: true, keys.Permutation),
                PiiKind.Card => new FakerCardGenerator(target, unique: true, keys.Permutation),
                PiiKind.Iban => new TextPiiIbanGenerator(target),
                PiiKind.Ipv4 => new FakerNetworkGenerator(target, ipv6: false, unique: true, keys),
                _ => new FakerNetworkGenerator(target, ipv6: true, unique: true, keys),
            };
        }
    }

    /// <summary>The fake of <paramref name="item"/>, a <paramref name="kind"/> the scanner found; equal items give equal fakes.</summary>
    /// <exception cref="InvalidOperationException">The kind was not enabled.</exception>
    public string Fake(PiiKind kind, string item)
    {
        var generator = _generators[(int)kind] ?? throw new InvalidOperationException($"text_pii was not set up for {PiiKindNames.Name(kind)}");
        // The printed and electronic forms of one IBAN are the same account: seed by the characters without spaces.
        var iban = kind == PiiKind.Iban ? _seeds[(int)kind].Compute(Encode(item.Replace(" ", string.Empty, StringComparison.Ordinal))) : 0;
        var utf8 = Encode(item);
        var random = new FakerRandom(kind == PiiKind.Iban ? iban : _seeds[(int)kind].Compute(utf8));
        return generator.Generate(ref random, new FakerInput(item, utf8));
    }

    private static FakerKind FakerKindOf(PiiKind kind) => kind switch
    {
        PiiKind.Email => FakerKind.Email,
        PiiKind.Phone => FakerKind.Phone,
        PiiKind.NationalId => FakerKind.NationalId,
        PiiKind.Pan => FakerKind.Pan,
        PiiKind.Ssn => FakerKind.Ssn,
        PiiKind.Card => FakerKind.CreditCard,
        PiiKind.Iban => FakerKind.Iban,
        PiiKind.Ipv4 => FakerKind.Ipv4,
        _ => FakerKind.Ipv6,
    };

    private ReadOnlySpan<byte> Encode(string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        var count = Encoding.UTF8.GetBytes(text, _buffer);
        return _buffer.AsSpan(0, count);
    }
}
