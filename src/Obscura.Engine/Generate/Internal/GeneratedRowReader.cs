using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// The rows of one table as a forward-only reader for the bulk writers: one reused row array, values computed on
/// <see cref="Read"/>, nothing kept.
/// </summary>
internal sealed class GeneratedRowReader : CanonicalValueReader
{
    private readonly TableGenerator _generator;
    private readonly long _rows;
    private readonly object?[] _values;
    private readonly CancellationToken _cancellationToken;
    private long _next;

    public GeneratedRowReader(IReadOnlyList<Column> columns, TableGenerator generator, long rows, CancellationToken cancellationToken) : base(columns)
    {
        _generator = generator;
        _rows = rows;
        _values = new object?[columns.Count];
        _cancellationToken = cancellationToken;
    }

    public override bool IsClosed => false;

    public override bool Read()
    {
        if (_next >= _rows) return false;
        if ((_next & 0x3FFF) == 0) _cancellationToken.ThrowIfCancellationRequested();
        _generator.Fill(_next++, _values);
        return true;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());

    protected override object? Value(int ordinal) => _values[ordinal];
}
