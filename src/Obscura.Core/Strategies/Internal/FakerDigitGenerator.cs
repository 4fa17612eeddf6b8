using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Base of the identifier kinds made of digits (ssn, national_id, credit_card, phone): reads the input's own digits
/// for the unique form and renders output in the input's own layout when it has the same number of digits.
/// </summary>
internal abstract class FakerDigitGenerator : FakerGenerator
{
    /// <summary>Creates the generator; <paramref name="unique"/> selects the keyed permutation of the input's digits.</summary>
    protected FakerDigitGenerator(FakerTarget target, bool unique, SipHash permutationKey)
        : base(target)
    {
        Unique = unique;
        PermutationKey = permutationKey;
    }

    /// <summary>True when distinct inputs must give distinct outputs.</summary>
    protected bool Unique { get; }

    /// <summary>Round function of the permutations.</summary>
    protected SipHash PermutationKey { get; }

    /// <summary>
    /// The input's digits: from text, every ASCII digit (separators ignored); from an integer or decimal, its digits
    /// left-padded with zeros to <paramref name="padTo"/>. Returns the count, or -1 when there are more than
    /// <c>digits.Length</c> or the number is negative.
    /// </summary>
    protected int InputDigits(FakerInput input, Span<char> digits, int padTo = 0)
    {
        if (!Target.IsNumeric) return FakerText.ExtractDigits(input.Text, digits);
        var text = input.Text;
        foreach (var c in text) if (c is < '0' or > '9') return -1;
        if (text.Length > digits.Length) return -1;
        var pad = Math.Max(0, Math.Min(padTo, digits.Length) - text.Length);
        digits[..pad].Fill('0');
        text.AsSpan().CopyTo(digits[pad..]);
        return pad + text.Length;
    }

    /// <summary>
    /// Output for <paramref name="digits"/>: plain digits for numeric targets; for text the input's own layout when the
    /// input has exactly as many digits ("123 456 789" stays grouped), else <paramref name="formatted"/> when it fits,
    /// else the plain digits.
    /// </summary>
    protected string Render(FakerInput input, ReadOnlySpan<char> digits, string? formatted = null)
    {
        if (Target.IsNumeric) return new string(digits);
        if (input.Text.Length <= 64 && CountDigits(input.Text) == digits.Length)
        {
            var laidOut = FakerText.ReplaceDigits(input.Text, digits);
            if (FakerText.Fits(laidOut, Target.MaxLength)) return laidOut;
        }
        if (formatted is not null && FakerText.Fits(formatted, Target.MaxLength)) return formatted;
        return new string(digits);
    }

    private static int CountDigits(string text)
    {
        var n = 0;
        foreach (var c in text) if (c is >= '0' and <= '9') n++;
        return n;
    }
}
