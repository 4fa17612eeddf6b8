using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query.Internal;

/// <summary>
/// Maps a position in the normalized query text (after token-level rewrites such as <c>x::type</c> → <c>CAST(x AS type)</c>)
/// back to the position the user wrote, so messages point into the original SQL.
/// </summary>
internal sealed class SqlPositionMap
{
    private readonly List<(int Line, int Column, SqlPosition Original)> _starts = [];

    /// <summary>Records that a token written at <paramref name="original"/> starts at (line, column) of the normalized text.</summary>
    public void Add(int line, int column, SqlPosition original) => _starts.Add((line, column, original));

    /// <summary>The original position of (line, column) of the normalized text.</summary>
    public SqlPosition Original(int line, int column)
    {
        (int Line, int Column, SqlPosition Original)? best = null;
        foreach (var s in _starts)
        {
            if (s.Line < line || (s.Line == line && s.Column <= column)) best = s;
            else break;
        }
        if (best is not { } b) return new SqlPosition(line, column);
        return b.Line == line
            ? new SqlPosition(b.Original.Line, b.Original.Column + (column - b.Column))
            : new SqlPosition(b.Original.Line + (line - b.Line), column);
    }
}
