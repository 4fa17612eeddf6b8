using System.Data.Common;
using Npgsql;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// One column of a <see cref="RowBatch"/>: values read from the source reader (typed, never boxed on the fast path)
/// and written to a binary COPY later, possibly on another thread.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>Reads the reader's current value of <paramref name="ordinal"/> into slot <paramref name="row"/>; returns its approximate size in bytes.</summary>
    public abstract int Load(DbDataReader reader, int ordinal, int row);

    /// <summary>Writes slot <paramref name="row"/> as the importer's next field.</summary>
    public abstract Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken);

    /// <summary>Drops references held by the first <paramref name="count"/> slots, so a reused batch keeps no row alive.</summary>
    public abstract void Clear(int count);
}
