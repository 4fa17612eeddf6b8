namespace Obscura.Core.Discovery;

/// <summary>Enumerates the <see cref="PiiSpan"/>s of one text in order (see <see cref="PiiScanner.EnumerateSpans"/>); allocation-free.</summary>
public ref struct PiiSpanEnumerator
{
    private readonly PiiScanner _scanner;
    private readonly ReadOnlySpan<char> _text;
    private int _next;

    internal PiiSpanEnumerator(PiiScanner scanner, ReadOnlySpan<char> text)
    {
        _scanner = scanner;
        _text = text;
        _next = 0;
        Current = default;
    }

    /// <summary>The current span.</summary>
    public PiiSpan Current { get; private set; }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly PiiSpanEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next span; false when there is none.</summary>
    public bool MoveNext()
    {
        if (_next > _text.Length || !_scanner.TryFind(_text, _next, out var span))
        {
            _next = _text.Length + 1;
            return false;
        }
        Current = span;
        _next = span.End;
        return true;
    }
}
