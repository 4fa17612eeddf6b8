using System.Data.Common;
using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// Loads rows into an existing table through the engine's bulk path (binary COPY, LOAD DATA, batched
/// prepared INSERTs). The reader's columns are the table's columns in order; its values are either the
/// source driver's values or canonical values (see <see cref="ValueCoercion"/>): the writer coerces what does not match.
/// </summary>
public interface IBulkWriter
{
    /// <summary>Streams every row of <paramref name="rows"/> into <paramref name="table"/>; returns the number of rows written.</summary>
    /// <param name="connection">An open connection to the target.</param>
    /// <param name="table">The target table (names and types in the target's terms).</param>
    /// <param name="rows">The rows; read to the end.</param>
    /// <param name="progress">Called now and then with the running row count.</param>
    /// <param name="cancellationToken">Stops the load; the caller drops the incomplete table.</param>
    Task<long> WriteAsync(DbConnection connection, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken);
}
