using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>A table's columns and keys, read in the inspector's first pass.</summary>
/// <param name="Columns">Insertable columns in order.</param>
/// <param name="PrimaryKey">The primary key, if any.</param>
/// <param name="UniqueKeys">UNIQUE constraints.</param>
/// <param name="Indexes">Indexes created with CREATE INDEX.</param>
/// <param name="Parsed">What the CREATE TABLE text adds.</param>
internal sealed record TableShape(
    IReadOnlyList<Column> Columns,
    UniqueKey? PrimaryKey,
    IReadOnlyList<UniqueKey> UniqueKeys,
    IReadOnlyList<TableIndex> Indexes,
    ParsedCreateTable Parsed);
