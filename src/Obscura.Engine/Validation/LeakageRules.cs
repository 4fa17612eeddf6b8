namespace Obscura.Engine.Validation;

/// <summary>
/// Which original values the leakage scan looks for. Values are normalized first (see docs/validation.md): split into
/// tokens of letters and digits, lower-cased, joined by one space; a value with no letters becomes its digits alone, so
/// <c>+1 (555) 010-9999</c> and <c>15550109999</c> match. Trivial values would match by accident and are skipped.
/// </summary>
public sealed record LeakageRules
{
    /// <summary>Skip originals whose normalized form is shorter than this many characters (default 4).</summary>
    public int MinLength { get; init; } = 4;
    /// <summary>Skip originals without letters that have fewer digits than this (default 6): small numbers are everywhere.</summary>
    public int MinDigits { get; init; } = 6;
    /// <summary>Originals with more tokens than this are matched only as whole values (default 8).</summary>
    public int MaxTokens { get; init; } = 8;

    /// <summary>The defaults.</summary>
    public static LeakageRules Default { get; } = new();

    /// <summary>The rules as sentences, for reports.</summary>
    public IReadOnlyList<string> Describe() =>
    [
        "Originals are the source values of every transformed column (every type except booleans and binary), read before anonymization.",
        "Values are normalized: split into tokens of letters and digits, lower-cased, joined by one space; a value with no letters is reduced to its digits.",
        $"Skipped as trivial: NULL and empty values, normalized values shorter than {MinLength} characters, values without letters and with fewer than {MinDigits} digits.",
        "Every untransformed text-like column of the target (text, JSON, other types read as text) is scanned: the whole value and every run of up to " +
            $"as many consecutive tokens as the longest original (at most {MaxTokens}), so a full name, an email or an address inside a sentence or a JSON document is found; " +
            "digit runs are compared as digits alone, so +1 (555) 010-9999 matches 15550109999.",
        "A lone word (one token of letters only, such as a first name or a city) counts only as a whole value — a whole cell or a whole JSON string — " +
            "because the same word is ordinary text elsewhere (Port Vimala, asha_worker).",
        "Originals are held as keyed 64-bit SipHash fingerprints with a random key per run: the report and the memory hold no values.",
    ];
}
