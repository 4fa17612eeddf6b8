using System.Data.Common;
using Npgsql;

namespace Obscura.Data.Postgres.Internal;

/// <summary>Writes the current row's value of one reader column into a binary COPY (chosen once per table and column).</summary>
internal delegate Task FieldWriter(NpgsqlBinaryImporter importer, DbDataReader reader, int ordinal, CancellationToken cancellationToken);
