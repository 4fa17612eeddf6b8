using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// A <see cref="DbDataSource"/> over a SQLite connection string (Microsoft.Data.Sqlite has none of its own).
/// Connections are not pooled (see <see cref="SqliteProvider.CreateDataSource"/>), so nothing is held open here.
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    private readonly string _connectionString;

    /// <summary>Creates the data source.</summary>
    public SqliteDataSource(string connectionString) => _connectionString = connectionString;

    /// <inheritdoc />
    public override string ConnectionString => _connectionString;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);
}
