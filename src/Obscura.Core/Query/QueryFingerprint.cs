using System.Security.Cryptography;
using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Obscura.Core.Query;

/// <summary>
/// The shape of a query without its values: the parser's own tokens with every literal (numbers, strings, binary) replaced
/// by <c>?</c>, whitespace and comments dropped, keywords and names upper-cased; hashed with SHA-256. Two queries that differ
/// only in their constants share a fingerprint. Also redacts the literals from a message about the query (a syntax error
/// can quote the token it stopped at), so an audit record never holds a value of the SQL.
/// </summary>
public sealed class QueryFingerprint
{
    private readonly List<string> _literals;

    private QueryFingerprint(string hash, List<string> literals)
    {
        Hash = hash;
        _literals = literals;
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the normalized token stream.</summary>
    public string Hash { get; }

    /// <summary>Fingerprints <paramref name="sql"/> (any text: a lexer error only ends the stream early).</summary>
    public static QueryFingerprint Of(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new TSql170Parser(initialQuotedIdentifiers: true).GetTokenStream(new StringReader(sql), out _);
        var shape = new StringBuilder(sql.Length);
        var literals = new List<string>();
        foreach (var token in tokens)
        {
            var text = token.Text ?? string.Empty;
            switch (token.TokenType)
            {
                case TSqlTokenType.WhiteSpace or TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment or TSqlTokenType.EndOfFile:
                    continue;
                case TSqlTokenType.Integer or TSqlTokenType.Numeric or TSqlTokenType.Real or TSqlTokenType.Money or TSqlTokenType.HexLiteral
                    or TSqlTokenType.AsciiStringLiteral or TSqlTokenType.UnicodeStringLiteral or TSqlTokenType.AsciiStringOrQuotedIdentifier:
                    literals.Add(text);
                    var inner = text.TrimStart('N', 'n').Trim('\'', '"');
                    if (inner.Length > 0 && inner != text) literals.Add(inner);
                    shape.Append('?');
                    break;
                default:
                    shape.Append(text.ToUpperInvariant());
                    break;
            }
            shape.Append(' ');
        }
        // Longest first, so a literal that contains another is removed whole.
        literals.Sort((a, b) => b.Length.CompareTo(a.Length));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape.ToString())))[..16];
        return new QueryFingerprint(hash, literals);
    }

    /// <summary>
    /// <paramref name="message"/> with every occurrence of a literal of the query (standing alone, not inside a longer word
    /// or number) replaced by <c>?</c>.
    /// </summary>
    public string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var literal in _literals)
        {
            var start = 0;
            while ((start = message.IndexOf(literal, start, StringComparison.Ordinal)) >= 0)
            {
                var end = start + literal.Length;
                var alone = (start == 0 || !char.IsLetterOrDigit(message[start - 1])) && (end == message.Length || !char.IsLetterOrDigit(message[end]));
                if (alone)
                {
                    message = string.Concat(message.AsSpan(0, start), "?", message.AsSpan(end));
                    start++;
                }
                else
                {
                    start = end;
                }
            }
        }
        return message;
    }
}
