using Obscura.Core.Crypto;
using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>national_id</c>: India's Aadhaar numbers (12 digits, first 2-9, Verhoeff check digit; see <see cref="Aadhaar"/>).
/// Unique form: a keyed permutation of the 11-digit payload restricted to the input's class (first digit 2-9 or not),
/// with the input's check-digit error carried over, so distinct 12-digit inputs never collide and valid inputs give
/// valid outputs.
/// </summary>
internal sealed class FakerAadhaarGenerator : FakerDigitGenerator
{
    private const int Payload = Aadhaar.Length - 1;
    private static readonly ulong FirstDigitUnit = FakerDigits.Pow10(Payload - 1);
    private readonly KeyedPermutation _permutation;

    public FakerAadhaarGenerator(FakerTarget target, bool unique, SipHash permutationKey)
        : base(target, unique, permutationKey) => _permutation = new KeyedPermutation(permutationKey, FakerDigits.Pow10(Payload), tweak: Aadhaar.Length);

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        Span<char> digits = stackalloc char[Aadhaar.Length];
        var delta = 0;
        if (Unique && InputDigits(input, digits, padTo: Aadhaar.Length) == Aadhaar.Length)
        {
            // A wrong check digit stays exactly as wrong, so (payload, check) ↦ (π(payload), check') is a bijection.
            delta = (digits[Payload] - '0' - Verhoeff.ComputeCheckDigit(digits[..Payload]) + 10) % 10;
            var y = FakerDigits.Walk(_permutation, FakerDigits.Parse(digits[..Payload]), 0, static (v, _) => v / FirstDigitUnit >= 2 ? 1 : 0);
            FakerDigits.Format(y, digits[..Payload]);
        }
        else
        {
            digits[0] = (char)('2' + random.Next(8));
            for (var i = 1; i < Payload; i++) digits[i] = random.Digit();
        }
        digits[Payload] = (char)('0' + (Verhoeff.ComputeCheckDigit(digits[..Payload]) + delta) % 10);
        return Render(input, digits);
    }
}
