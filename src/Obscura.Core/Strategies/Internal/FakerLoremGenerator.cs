using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>lorem</c>: placeholder sentences of the locale's lorem words, about as long as the input and never longer than
/// the column (at most <see cref="MaxLength"/> characters for unbounded columns). Words that do not fit are
/// replaced by shorter ones rather than cut.
/// </summary>
internal sealed class FakerLoremGenerator : FakerGenerator
{
    /// <summary>Longest output for unbounded columns.</summary>
    public const int MaxLength = 4000;

    private const int Attempts = 4;
    private readonly string[] _words;
    private readonly StringBuilder _builder = new();

    public FakerLoremGenerator(FakerLocale locale, FakerTarget target)
        : base(target) => _words = locale.LoremWords.Literals ?? ["lorem", "ipsum", "dolor", "sit", "amet"];

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        var target = Math.Clamp(input.Text.Length, 1, Math.Min(Target.MaxLength ?? MaxLength, MaxLength));
        var b = _builder.Clear();
        var sentenceStart = true;
        var wordsLeft = 4 + random.Next(9);
        while (true)
        {
            // Room for a separating space and the closing full stop.
            var room = target - b.Length - (b.Length > 0 ? 1 : 0) - 1;
            if (room <= 0) break;
            string? word = null;
            for (var i = 0; i < Attempts && word is null; i++)
            {
                var candidate = _words[random.Next(_words.Length)];
                if (candidate.Length <= room) word = candidate;
            }
            if (word is null) break;
            if (b.Length > 0) b.Append(' ');
            if (sentenceStart)
            {
                b.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                sentenceStart = false;
            }
            else b.Append(word);
            if (--wordsLeft == 0)
            {
                b.Append('.');
                sentenceStart = true;
                wordsLeft = 4 + random.Next(9);
            }
        }
        if (b.Length == 0) return FakerText.Fit(_words[random.Next(_words.Length)], target);
        if (b[^1] != '.' && b.Length < target) b.Append('.');
        return b.ToString();
    }
}
