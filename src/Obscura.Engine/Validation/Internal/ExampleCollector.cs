namespace Obscura.Engine.Validation.Internal;

/// <summary>
/// Keeps the first <c>limit</c> failures by stream position from workers that see batches in any order, so the examples
/// of a run do not depend on thread timing. Thread-safe.
/// </summary>
internal sealed class ExampleCollector(int limit)
{
    private readonly Lock _gate = new();
    private readonly SortedList<long, ValidationExample> _examples = [];

    /// <summary>True when a failure at <paramref name="position"/> could still be among the first <c>limit</c>.</summary>
    public bool Wants(long position)
    {
        lock (_gate) return _examples.Count < limit || position < _examples.Keys[^1];
    }

    public void Add(long position, ValidationExample example)
    {
        lock (_gate)
        {
            if (_examples.ContainsKey(position)) return;
            _examples.Add(position, example);
            if (_examples.Count > limit) _examples.RemoveAt(_examples.Count - 1);
        }
    }

    public IReadOnlyList<ValidationExample> Examples
    {
        get
        {
            lock (_gate) return _examples.Values.ToList();
        }
    }
}
