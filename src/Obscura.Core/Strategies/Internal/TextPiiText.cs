using Obscura.Core.Discovery;

namespace Obscura.Core.Strategies.Internal;

/// <summary>The tag and mask forms of <c>text_pii</c>.</summary>
internal static class TextPiiText
{
    /// <summary>The tag of a kind: <c>[EMAIL]</c>, <c>[PHONE]</c>, <c>[NATIONAL_ID]</c>, <c>[PAN]</c>, <c>[SSN]</c>, <c>[CARD]</c>, <c>[IBAN]</c>, <c>[IP]</c>.</summary>
    public static string Tag(PiiKind kind) => kind switch
    {
        PiiKind.Email => "[EMAIL]",
        PiiKind.Phone => "[PHONE]",
        PiiKind.NationalId => "[NATIONAL_ID]",
        PiiKind.Pan => "[PAN]",
        PiiKind.Ssn => "[SSN]",
        PiiKind.Card => "[CARD]",
        PiiKind.Iban => "[IBAN]",
        _ => "[IP]",
    };

    /// <summary><paramref name="item"/> with every ASCII letter and digit replaced by '*' and every separator kept.</summary>
    public static string Mask(ReadOnlySpan<char> item) => string.Create(item.Length, item, static (chars, source) =>
    {
        for (var i = 0; i < chars.Length; i++) chars[i] = char.IsAsciiLetterOrDigit(source[i]) ? '*' : source[i];
    });

    /// <summary><paramref name="value"/> as a JSON string (the forms here never need escapes).</summary>
    public static string Quote(string value) => "\"" + value + "\"";

    /// <summary>
    /// True when <paramref name="span"/> is a bare JSON number (digits between structural characters, not inside a
    /// string), which a mask or tag would turn into invalid JSON unless quoted.
    /// </summary>
    public static bool IsBareJsonNumber(ReadOnlySpan<char> json, PiiSpan span)
    {
        foreach (var c in json.Slice(span.Start, span.Length)) if (!char.IsAsciiDigit(c)) return false;
        var before = span.Start - 1;
        while (before >= 0 && char.IsWhiteSpace(json[before])) before--;
        if (before >= 0 && json[before] is not (':' or '[' or ',')) return false;
        var after = span.End;
        while (after < json.Length && char.IsWhiteSpace(json[after])) after++;
        return after == json.Length || json[after] is ',' or '}' or ']';
    }
}
