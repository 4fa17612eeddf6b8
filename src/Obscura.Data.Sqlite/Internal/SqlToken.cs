namespace Obscura.Data.Sqlite.Internal;

/// <summary>One token of SQL text: its kind, where it is in the text, and its value (identifiers unquoted).</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">Offset of the first character in the source text.</param>
/// <param name="Length">Length in the source text, quotes included.</param>
/// <param name="Value">Unquoted identifier or string content; the raw text for everything else.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, string Value)
{
    /// <summary>Offset just after the token.</summary>
    public int End => Start + Length;

    /// <summary>True for a bare word equal to <paramref name="keyword"/>, ignoring case.</summary>
    public bool IsKeyword(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for anything that can name a column or table (bare word, quoted identifier, or a legacy string used as a name).</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier or SqlTokenKind.String;
}
