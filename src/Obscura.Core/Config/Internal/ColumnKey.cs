using Obscura.Core.Schema;

namespace Obscura.Core.Config.Internal;

/// <summary>One column of one table.</summary>
internal readonly record struct ColumnKey(TableName Table, string Column)
{
    /// <summary>"schema.table.column".</summary>
    public override string ToString() => $"{Table}.{Column}";
}
