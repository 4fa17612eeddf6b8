namespace Obscura.Core.Discovery;

/// <summary>
/// A run of digit groups joined by single separators as <see cref="PiiNumberMatcher"/> read it, e.g.
/// <c>+1 (415) 555-0132</c> is the groups 1, 415, 555, 0132 with a leading '+'. The group buffers live on the caller's stack.
/// </summary>
internal ref struct PiiNumberRun
{
    /// <summary>The separator code of a parenthesis ("(", ")", " (", ") ", ")-").</summary>
    public const char Paren = ')';

    /// <summary>Creates an empty run over caller-provided buffers of equal length.</summary>
    public PiiNumberRun(Span<int> starts, Span<int> lengths, Span<char> separators)
    {
        Starts = starts;
        Lengths = lengths;
        Separators = separators;
    }

    /// <summary>Index of each group's first digit.</summary>
    public Span<int> Starts;
    /// <summary>Digits in each group.</summary>
    public Span<int> Lengths;
    /// <summary>The separator before each group (' ', '-', '.' or <see cref="Paren"/>); index 0 is unused.</summary>
    public Span<char> Separators;
    /// <summary>Number of groups.</summary>
    public int Count;
    /// <summary>Index of the first digit of group 0.</summary>
    public int First;
    /// <summary>True when the run starts with a '+' (international phone form).</summary>
    public bool Plus;
    /// <summary>True when group 0 is in parentheses (<c>(415) 555-0132</c>).</summary>
    public bool OpenParen;
    /// <summary>True when the run is glued to what precedes it (a word, a decimal point, a currency sign), so no match may start at group 0.</summary>
    public bool LeftGlued;
    /// <summary>True when a word, an '@' or a domain follows the last group, so no match may end there.</summary>
    public bool StrongGlue;
    /// <summary>True when a ':' (time), '/' (date) or thousands ',' follows the last group: only IPv4 (port, prefix length) may end there.</summary>
    public bool WeakGlue;

    /// <summary>Index just past the last digit of the run.</summary>
    public readonly int End => Starts[Count - 1] + Lengths[Count - 1];

    /// <summary>Where a match covering groups from <paramref name="group"/> starts (the '+' or '(' for group 0).</summary>
    public readonly int StartOf(int group) => group == 0 && (Plus || OpenParen) ? First - 1 : Starts[group];

    /// <summary>Index just past the last digit of <paramref name="group"/>.</summary>
    public readonly int EndOf(int group) => Starts[group] + Lengths[group];
}
