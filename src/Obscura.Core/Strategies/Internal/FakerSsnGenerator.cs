using Obscura.Core.Crypto;
using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>ssn</c>: US Social Security numbers that follow the issuance rules (<see cref="UsSsn"/>), as <c>AAA-GG-SSSS</c>
/// (or in the input's layout, or nine digits). Unique form: a keyed permutation of the nine-digit domain restricted to
/// valid numbers for valid inputs and to invalid ones for invalid inputs, so distinct 9-digit inputs never collide.
/// </summary>
internal sealed class FakerSsnGenerator : FakerDigitGenerator
{
    private const int Digits = 9;
    private readonly KeyedPermutation _permutation;

    public FakerSsnGenerator(FakerTarget target, bool unique, SipHash permutationKey)
        : base(target, unique, permutationKey) => _permutation = new KeyedPermutation(permutationKey, FakerDigits.Pow10(Digits), tweak: Digits);

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        Span<char> digits = stackalloc char[Digits];
        int area, group, serial;
        if (Unique && InputDigits(input, digits, padTo: Digits) == Digits)
        {
            var y = FakerDigits.Walk(_permutation, FakerDigits.Parse(digits), 0, static (v, _) => IsValid(v) ? 1 : 0);
            area = (int)(y / 1_000_000);
            group = (int)(y / 10_000 % 100);
            serial = (int)(y % 10_000);
        }
        else
        {
            do
            {
                area = 1 + random.Next(898);
                if (area >= 666) area++;
                group = 1 + random.Next(99);
                serial = 1 + random.Next(9999);
            }
            while (!UsSsn.IsValid(area, group, serial));
        }
        FakerDigits.Format((ulong)area, digits[..3]);
        FakerDigits.Format((ulong)group, digits.Slice(3, 2));
        FakerDigits.Format((ulong)serial, digits[5..]);
        return Render(input, digits, Target.IsNumeric ? null : UsSsn.Format(area, group, serial));
    }

    private static bool IsValid(ulong v) => UsSsn.IsValid((int)(v / 1_000_000), (int)(v / 10_000 % 100), (int)(v % 10_000));
}
