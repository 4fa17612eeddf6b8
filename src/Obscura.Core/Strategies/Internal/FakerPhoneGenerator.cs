using System.Text;
using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>phone</c>: numbers in the locale's formats (<c>(!##) !##-####</c>, <c>+91-9##-#######</c>, ...), digits only for
/// numeric columns. Unique form: the input's own digits through a keyed permutation (a leading <c>+</c> country code
/// is kept, a leading zero stays a leading zero), written back into the input's layout, so distinct inputs of up to
/// 19 digits never collide.
/// </summary>
internal sealed class FakerPhoneGenerator : FakerDigitGenerator
{
    private readonly FakerTemplate[] _formats;
    private readonly FakerTemplate _fallback;
    private readonly StringBuilder _builder = new();

    public FakerPhoneGenerator(FakerLocale locale, FakerTarget target, bool unique, SipHash permutationKey)
        : base(target, unique, permutationKey)
    {
        var all = locale.PhoneFormats.Items;
        var fitting = new List<FakerTemplate>();
        foreach (var format in all)
        {
            var fits = target.IsNumeric
                ? !format.HasText && format.DigitCount is > 0 && format.DigitCount <= target.DigitCapacity
                : target.MaxLength is not { } max || (format.FixedLength >= 0 && format.FixedLength <= max);
            if (fits) fitting.Add(format);
        }
        _formats = [.. fitting];
        // Nothing fits as laid out: the format with the fewest digits, reduced to digits.
        _fallback = all[0];
        foreach (var format in all) if (format.DigitCount >= 0 && (_fallback.DigitCount < 0 || format.DigitCount < _fallback.DigitCount)) _fallback = format;
    }

    /// <summary>The fewest digits of any of the locale's formats (what a numeric column must hold).</summary>
    public static int FewestDigits(FakerLocale locale)
    {
        var fewest = int.MaxValue;
        foreach (var format in locale.PhoneFormats.Items) if (!format.HasText && format.DigitCount > 0) fewest = Math.Min(fewest, format.DigitCount);
        return fewest;
    }

    /// <summary>The length of the shortest of the locale's formats.</summary>
    public static int ShortestLength(FakerLocale locale)
    {
        var shortest = int.MaxValue;
        foreach (var format in locale.PhoneFormats.Items) if (format.FixedLength > 0) shortest = Math.Min(shortest, format.FixedLength);
        return shortest;
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        if (Unique && TryPermute(input) is { } permuted) return permuted;
        _builder.Clear();
        if (_formats.Length > 0)
        {
            _formats[random.Next(_formats.Length)].Append(ref random, _builder);
            var text = _builder.ToString();
            return Target.IsNumeric ? FakerText.DigitsOnly(text) : text;
        }
        _fallback.Append(ref random, _builder);
        var digits = FakerText.DigitsOnly(_builder.ToString());
        if (Target.IsNumeric && digits.Length > Target.DigitCapacity) digits = digits[^Target.DigitCapacity..];
        return digits;
    }

    private string? TryPermute(FakerInput input)
    {
        Span<char> digits = stackalloc char[FakerDigits.MaxDigits + 3];
        var count = InputDigits(input, digits);
        if (count <= 0) return null;
        var kept = Target.IsNumeric ? 0 : CountryCodeDigits(input.Text);
        var rest = digits[kept..count];
        if (rest.IsEmpty || rest.Length > FakerDigits.MaxDigits) return null;
        var permutation = new KeyedPermutation(PermutationKey, FakerDigits.Pow10(rest.Length), tweak: (ushort)rest.Length);
        var state = (Low: FakerDigits.Pow10(rest.Length - 1), Max: Target.IsNumeric ? Target.NumericMax : ulong.MaxValue);
        var y = FakerDigits.Walk(permutation, FakerDigits.Parse(rest), state,
            static (v, s) => v < s.Low ? 0 : v > s.Max ? 2 : 1);
        FakerDigits.Format(y, rest);
        return Target.IsNumeric ? new string(digits[..count]) : FakerText.ReplaceDigits(input.Text, digits[..count]);
    }

    // "+91 98765 43210" keeps "91": the 1-3 digits after a leading '+' up to the first separator.
    private static int CountryCodeDigits(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] == ' ') i++;
        if (i >= text.Length || text[i] != '+') return 0;
        var start = ++i;
        while (i < text.Length && text[i] is >= '0' and <= '9') i++;
        var n = i - start;
        return n is >= 1 and <= 3 && i < text.Length ? n : 0;
    }
}
