using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The fake of an IBAN found in text: the same country, a random BBAN of the same shape (a letter where the original
/// has a letter, a digit where it has a digit), correct mod-97 check digits, written in the original's layout (electronic
/// or in groups of four). National checks inside the BBAN are not computed.
/// </summary>
internal sealed class TextPiiIbanGenerator : FakerGenerator
{
    public TextPiiIbanGenerator(FakerTarget target)
        : base(target)
    {
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        var text = input.Text;
        Span<char> compact = stackalloc char[Iban.MaxLength];
        var length = 0;
        foreach (var c in text)
        {
            if (c == ' ') continue;
            if (length == compact.Length) return text;
            compact[length++] = c;
        }
        if (length < 5) return text;
        var chars = new char[length - 4];
        for (var i = 0; i < chars.Length; i++) chars[i] = char.IsAsciiDigit(compact[4 + i]) ? random.Digit() : random.Letter();
        var country = new string(compact[..2]);
        var iban = Iban.Create(country, new string(chars));
        return string.Create(text.Length, (text, iban), static (output, state) =>
        {
            var next = 0;
            for (var i = 0; i < output.Length; i++) output[i] = state.text[i] == ' ' ? ' ' : state.iban[next++];
        });
    }
}
