using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Engine.Generate.Templates.Internal;

/// <summary>
/// Declares one template table: columns with portable types (a <see cref="TypeClass"/> plus length, precision or
/// width, which every dialect maps), keys, portable CHECKs, foreign keys, and how each column is filled.
/// </summary>
internal sealed class TableBuilder
{
    private readonly string _name;
    private readonly List<Column> _columns = [];
    private readonly List<UniqueKey> _uniqueKeys = [];
    private readonly List<ForeignKey> _foreignKeys = [];
    private readonly List<TableIndex> _indexes = [];
    private readonly List<CheckConstraint> _checks = [];
    private readonly Dictionary<string, ValueSpec> _specs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FanOutSpec> _fanOut = new(StringComparer.OrdinalIgnoreCase);
    private UniqueKey? _primaryKey;

    public TableBuilder(string name) => _name = name;

    /// <summary>A surrogate integer primary key the database can also number (identity / auto-increment).</summary>
    public TableBuilder Id(string column, int bits = 64)
    {
        Add(new Column
        {
            Name = column,
            DeclaredType = IntegerType(bits),
            TypeClass = TypeClass.Integer,
            IntegerBits = bits,
            IsNullable = false,
            IsIdentity = true,
        }, null);
        _primaryKey = new UniqueKey($"{_name}_pkey", [column]);
        return this;
    }

    public TableBuilder Integer(string column, int bits, bool nullable, ValueSpec? spec) =>
        Add(new Column { Name = column, DeclaredType = IntegerType(bits), TypeClass = TypeClass.Integer, IntegerBits = bits, IsNullable = nullable }, spec);

    public TableBuilder Decimal(string column, int precision, int scale, bool nullable, ValueSpec? spec) =>
        Add(new Column
        {
            Name = column,
            DeclaredType = string.Create(CultureInfo.InvariantCulture, $"numeric({precision},{scale})"),
            TypeClass = TypeClass.Decimal,
            Precision = precision,
            Scale = scale,
            IsNullable = nullable,
        }, spec);

    public TableBuilder Text(string column, int maxLength, bool nullable, ValueSpec? spec) =>
        Add(new Column
        {
            Name = column,
            DeclaredType = string.Create(CultureInfo.InvariantCulture, $"varchar({maxLength})"),
            TypeClass = TypeClass.Text,
            MaxLength = maxLength,
            IsNullable = nullable,
        }, spec);

    public TableBuilder Date(string column, bool nullable, ValueSpec? spec) =>
        Add(new Column { Name = column, DeclaredType = "date", TypeClass = TypeClass.Date, IsNullable = nullable }, spec);

    /// <summary>A timestamp without time zone, to whole seconds.</summary>
    public TableBuilder Timestamp(string column, bool nullable, ValueSpec? spec) =>
        Add(new Column { Name = column, DeclaredType = "timestamp(0)", TypeClass = TypeClass.DateTime, Precision = 0, IsNullable = nullable }, spec);

    public TableBuilder Boolean(string column, bool nullable, ValueSpec? spec) =>
        Add(new Column { Name = column, DeclaredType = "boolean", TypeClass = TypeClass.Boolean, IsNullable = nullable }, spec);

    /// <summary>A primary key over existing columns (composite keys).</summary>
    public TableBuilder PrimaryKey(params string[] columns)
    {
        _primaryKey = new UniqueKey($"{_name}_pkey", columns);
        return this;
    }

    public TableBuilder Unique(params string[] columns)
    {
        _uniqueKeys.Add(new UniqueKey($"{_name}_{string.Join("_", columns)}_key", columns));
        return this;
    }

    public TableBuilder Index(params string[] columns)
    {
        _indexes.Add(new TableIndex { Name = $"{_name}_{string.Join("_", columns)}_idx", Columns = columns });
        return this;
    }

    /// <summary>A foreign key; <paramref name="fanOut"/> shapes how many rows of this table one parent row gets.</summary>
    public TableBuilder References(string[] columns, string table, string[] referencedColumns, FanOutSpec? fanOut = null, string onDelete = "NO ACTION")
    {
        _foreignKeys.Add(new ForeignKey
        {
            Name = $"{_name}_{string.Join("_", columns)}_fkey",
            Columns = columns,
            ReferencedTable = new TableName(null, table),
            ReferencedColumns = referencedColumns,
            OnDelete = onDelete,
        });
        if (fanOut is not null) _fanOut[string.Join(",", columns)] = fanOut;
        return this;
    }

    /// <summary>A single-column foreign key.</summary>
    public TableBuilder References(string column, string table, string referencedColumn, FanOutSpec? fanOut = null, string onDelete = "NO ACTION") =>
        References([column], table, [referencedColumn], fanOut, onDelete);

    /// <summary>A portable CHECK (unquoted lower-case names, numbers, single-quoted strings, BETWEEN, IN, AND, OR).</summary>
    public TableBuilder Check(string suffix, string expression)
    {
        _checks.Add(new CheckConstraint($"{_name}_{suffix}_check", expression) { IsPortable = true });
        return this;
    }

    /// <summary><c>column IN (...)</c> over exactly the values of the column's <see cref="ChoiceValueSpec"/>.</summary>
    public TableBuilder CheckIn(string column)
    {
        if (_specs.GetValueOrDefault(column) is not ChoiceValueSpec choice)
        {
            throw new InvalidOperationException($"{_name}.{column}: CheckIn needs a choice spec");
        }
        var list = string.Join(", ", choice.Values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"));
        return Check(column, $"{column} IN ({list})");
    }

    public Table BuildTable() => new()
    {
        Name = new TableName(null, _name),
        Columns = [.. _columns],
        PrimaryKey = _primaryKey,
        UniqueKeys = [.. _uniqueKeys],
        ForeignKeys = [.. _foreignKeys],
        Indexes = [.. _indexes],
        Checks = [.. _checks],
    };

    public TableSpec BuildSpec(long? rows) => new()
    {
        Rows = rows,
        Columns = new Dictionary<string, ValueSpec>(_specs, StringComparer.OrdinalIgnoreCase),
        FanOut = new Dictionary<string, FanOutSpec>(_fanOut, StringComparer.OrdinalIgnoreCase),
    };

    public string Name => _name;

    private TableBuilder Add(Column column, ValueSpec? spec)
    {
        if (_columns.Exists(c => c.Name == column.Name)) throw new InvalidOperationException($"{_name}.{column.Name} is declared twice");
        _columns.Add(column with { Ordinal = _columns.Count + 1 });
        if (spec is not null) _specs[column.Name] = spec;
        return this;
    }

    private static string IntegerType(int bits) => bits switch
    {
        <= 16 => "smallint",
        <= 32 => "integer",
        _ => "bigint",
    };
}
