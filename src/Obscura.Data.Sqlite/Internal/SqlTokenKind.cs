namespace Obscura.Data.Sqlite.Internal;

/// <summary>Kinds of tokens in SQLite SQL text.</summary>
internal enum SqlTokenKind
{
    /// <summary>A bare word: keyword or unquoted identifier.</summary>
    Word,
    /// <summary>An identifier in double quotes, brackets or backticks.</summary>
    QuotedIdentifier,
    /// <summary>A string literal in single quotes.</summary>
    String,
    /// <summary>A numeric literal.</summary>
    Number,
    /// <summary>A blob literal (X'..').</summary>
    Blob,
    /// <summary>An opening parenthesis.</summary>
    OpenParen,
    /// <summary>A closing parenthesis.</summary>
    CloseParen,
    /// <summary>A comma.</summary>
    Comma,
    /// <summary>Any other operator or punctuation.</summary>
    Symbol,
}
