using Obscura.Core.Schema;

namespace Obscura.Engine.Generate.Internal;

/// <summary>Creates one column's value source for one generator (sources keep buffers, so each generator has its own).</summary>
internal delegate ValueSource ColumnRecipe(TableGenerator owner, GeneratorScope scope);

/// <summary>How one table is generated: its rows, a recipe per column, and how each foreign key picks its parents.</summary>
internal sealed class TablePlan
{
    public required Table Table { get; init; }
    public required long Rows { get; init; }
    public required ColumnRecipe[] Columns { get; init; }
    public required ForeignKeyPlan[] ForeignKeys { get; init; }
}

/// <summary>One foreign key of a generated table: the parent table, the column pairs, and the parent choice.</summary>
internal sealed class ForeignKeyPlan
{
    public required TableName Parent { get; init; }
    public required Func<ParentChoice> CreateChoice { get; init; }
}

/// <summary>The generators one stream uses to look up other tables' values (foreign keys, self-references).</summary>
internal sealed class GeneratorScope(IReadOnlyDictionary<TableName, TablePlan> plans)
{
    private readonly Dictionary<TableName, TableGenerator> _lookups = [];

    /// <summary>A generator of <paramref name="table"/> for random access (never the stream's own, whose cache it would disturb).</summary>
    public TableGenerator Lookup(TableName table)
    {
        if (!_lookups.TryGetValue(table, out var generator)) _lookups[table] = generator = new TableGenerator(plans[table], this);
        return generator;
    }
}

/// <summary>
/// Computes a table's rows: each column's value at a row, cached for the last row asked, so templates and composite
/// foreign keys reuse what the row already computed. Not thread-safe: one per stream.
/// </summary>
internal sealed class TableGenerator : IRowLookup
{
    private const int MaxDepth = 200;
    private readonly ValueSource[] _sources;
    private readonly ParentChoice?[] _choices;
    private readonly long[] _memoRow;
    private readonly object?[] _memo;
    private readonly TablePlan _plan;
    private int _depth;

    public TableGenerator(TablePlan plan, GeneratorScope scope)
    {
        _plan = plan;
        _choices = new ParentChoice?[plan.ForeignKeys.Length];
        var n = plan.Columns.Length;
        _memoRow = new long[n];
        Array.Fill(_memoRow, -1);
        _memo = new object?[n];
        _sources = new ValueSource[n];
        for (var i = 0; i < n; i++) _sources[i] = plan.Columns[i](this, scope);
    }

    /// <summary>The parent choice of foreign key <paramref name="index"/>.</summary>
    public ParentChoice Choice(int index) => _choices[index] ??= _plan.ForeignKeys[index].CreateChoice();

    /// <inheritdoc />
    public object? Value(int column, long row)
    {
        if (_memoRow[column] == row) return _memo[column];
        if (++_depth > MaxDepth)
        {
            _depth = 0;
            throw new InvalidOperationException($"the values of {_plan.Table.Name}.{_plan.Table.Columns[column].Name} depend on themselves through foreign keys or templates");
        }
        try
        {
            var v = _sources[column].At(row, this);
            _memoRow[column] = row;
            _memo[column] = v;
            return v;
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Writes row <paramref name="row"/> into <paramref name="values"/> (one per column).</summary>
    public void Fill(long row, object?[] values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = Value(i, row);
    }
}

/// <summary>A foreign-key column: the referenced column's value at the parent row the key's choice picks.</summary>
internal sealed class ParentColumnSource(TableGenerator owner, int foreignKey, GeneratorScope scope, TableName parent, int parentColumn) : ValueSource
{
    private TableGenerator? _parent;

    public override object? At(long row, IRowLookup rowValues)
    {
        var p = owner.Choice(foreignKey).ParentOf(row);
        if (p < 0) return null;
        _parent ??= scope.Lookup(parent);
        return _parent.Value(parentColumn, p);
    }
}
