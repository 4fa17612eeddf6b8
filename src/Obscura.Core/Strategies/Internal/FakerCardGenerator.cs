using Obscura.Core.Crypto;
using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>credit_card</c>: payment card numbers with real issuer prefixes (Visa, Mastercard, American Express, Discover,
/// JCB) and a valid <see cref="Luhn"/> check digit. Unique form: the input's own digits through a keyed permutation
/// that keeps the issuer range (a Visa stays a Visa) and carries the input's check-digit error over, so distinct inputs
/// of 12 to 19 digits never collide and valid inputs give valid outputs.
/// </summary>
internal sealed class FakerCardGenerator : FakerDigitGenerator
{
    private const int MinDigits = 12;
    private const int MaxDigits = 19;

    // Issuer ranges: first digits from Low to High (PrefixDigits long), card length, relative weight.
    private static readonly int[] Low = [4, 51, 2221, 34, 37, 6011, 65, 3528];
    private static readonly int[] High = [4, 55, 2720, 34, 37, 6011, 65, 3589];
    private static readonly int[] PrefixDigits = [1, 2, 4, 2, 2, 4, 2, 4];
    private static readonly int[] Lengths = [16, 16, 16, 15, 15, 16, 16, 16];
    private static readonly int[] Weights = [50, 22, 6, 4, 6, 4, 4, 4];

    private readonly int[] _eligible;
    private readonly int _totalWeight;
    private readonly int _fallbackLength;

    public FakerCardGenerator(FakerTarget target, bool unique, SipHash permutationKey)
        : base(target, unique, permutationKey)
    {
        var room = target.IsNumeric ? target.DigitCapacity : target.Room(int.MaxValue);
        var eligible = new List<int>();
        for (var i = 0; i < Low.Length; i++)
        {
            if (Lengths[i] > room) continue;
            eligible.Add(i);
            _totalWeight += Weights[i];
        }
        _eligible = [.. eligible];
        // Too little room for the usual lengths: a 13-digit Visa when it fits, else a 16-digit one that gets cut.
        _fallbackLength = room >= 13 ? 13 : 16;
    }

    /// <summary>The fewest digits a complete number has (13, the short Visa form).</summary>
    public static int ShortestLength => 13;

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        Span<char> digits = stackalloc char[MaxDigits];
        if (Unique)
        {
            var count = InputDigits(input, digits);
            if (count is >= MinDigits and <= MaxDigits && !(Target.IsNumeric && count > Target.DigitCapacity))
            {
                Permute(digits[..count]);
                return Render(input, digits[..count]);
            }
        }
        var length = GenerateRandom(ref random, digits);
        return Render(input, digits[..length]);
    }

    private int GenerateRandom(ref FakerRandom random, Span<char> digits)
    {
        int network, length;
        if (_eligible.Length == 0)
        {
            network = 0;
            length = _fallbackLength;
        }
        else
        {
            var pick = random.Next(_totalWeight);
            network = _eligible[^1];
            foreach (var i in _eligible)
            {
                if (pick < Weights[i])
                {
                    network = i;
                    break;
                }
                pick -= Weights[i];
            }
            length = Lengths[network];
        }
        var k = PrefixDigits[network];
        FakerDigits.Format((ulong)random.Between(Low[network], High[network]), digits[..k]);
        for (var i = k; i < length - 1; i++) digits[i] = random.Digit();
        digits[length - 1] = (char)('0' + Luhn.ComputeCheckDigit(digits[..(length - 1)]));
        return length;
    }

    private void Permute(Span<char> digits)
    {
        var length = digits.Length;
        var body = digits[..(length - 1)];
        var bodyDigits = length - 1;
        // A wrong check digit stays exactly as wrong, so (body, check) ↦ (π(body), check') is a bijection.
        var delta = (digits[^1] - '0' - Luhn.ComputeCheckDigit(body) + 10) % 10;
        var x = FakerDigits.Parse(body);
        var range = Classify(x, bodyDigits, numeric: false);
        ulong y;
        if (range >= 0)
        {
            // Inside an issuer range: rank within the range, permute the ranks, unrank (no walking needed).
            var tail = FakerDigits.Pow10(bodyDigits - PrefixDigits[range]);
            var prefixCount = (ulong)(High[range] - Low[range] + 1);
            var permutation = new KeyedPermutation(PermutationKey, prefixCount * tail, tweak: (ushort)(range * 32 + length));
            var rank = permutation.Permute((x / tail - (ulong)Low[range]) * tail + x % tail);
            y = ((ulong)Low[range] + rank / tail) * tail + rank % tail;
        }
        else
        {
            var permutation = new KeyedPermutation(PermutationKey, FakerDigits.Pow10(bodyDigits), tweak: (ushort)(31 * 32 + length));
            y = FakerDigits.Walk(permutation, x, (bodyDigits, Target.IsNumeric), static (v, s) => Classify(v, s.bodyDigits, s.IsNumeric));
        }
        FakerDigits.Format(y, body);
        digits[^1] = (char)('0' + (Luhn.ComputeCheckDigit(body) + delta) % 10);
    }

    // The issuer range holding a body of that many digits, -1 for none, -2 for a leading zero where numbers lose it.
    private static int Classify(ulong body, int bodyDigits, bool numeric)
    {
        if (numeric && body < FakerDigits.Pow10(bodyDigits - 1)) return -2;
        for (var i = 0; i < Low.Length; i++)
        {
            var prefix = body / FakerDigits.Pow10(bodyDigits - PrefixDigits[i]);
            if (prefix >= (ulong)Low[i] && prefix <= (ulong)High[i]) return i;
        }
        return -1;
    }
}
