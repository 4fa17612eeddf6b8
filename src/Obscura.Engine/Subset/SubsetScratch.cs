using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Subset;

/// <summary>
/// Where a subset keeps its key tables, without writing to the source: PostgreSQL and MariaDB get TEMPORARY tables
/// <c>obscura_subset_&lt;run&gt;_&lt;n&gt;</c> on the one connection that computes them — which then also reads the restricted
/// tables (they are invisible to any other session, and vanish with it, even after a crash); SQLite gets a separate
/// temporary file attached to every reader connection as <c>obscura_subset</c>.
/// </summary>
internal sealed class SubsetScratch
{
    private const string SqliteSchema = "obscura_subset";
    private readonly DatabaseEndpoint _source;
    private readonly string? _file;
    private readonly string _prefix;
    private readonly List<string> _created = [];
    private int _next;

    private SubsetScratch(DatabaseEndpoint source, string? file, string prefix)
    {
        _source = source;
        _file = file;
        _prefix = prefix;
    }

    private SqlDialect Dialect => _source.Dialect;
    private bool IsSqlite => _file is not null;

    /// <summary>A scratch area for one run: a unique name prefix (and, for SQLite, a fresh temporary file).</summary>
    public static SubsetScratch Create(DatabaseEndpoint source)
    {
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var prefix = $"obscura_subset_{run}_";
        return source.Provider.Name == "sqlite"
            ? new SubsetScratch(source, Path.Combine(Path.GetTempPath(), prefix + "keys.sqlite"), prefix)
            : new SubsetScratch(source, null, prefix);
    }

    /// <summary>Makes the scratch tables visible on <paramref name="connection"/> (SQLite: attaches the scratch file).</summary>
    public async Task AttachAsync(DbConnection connection, CancellationToken ct)
    {
        if (!IsSqlite) return;
        await DatabaseEndpoint.ExecuteAsync(connection, $"ATTACH DATABASE '{_file!.Replace("'", "''", StringComparison.Ordinal)}' AS {SqliteSchema}", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an empty scratch table shaped like <c>SELECT <paramref name="selectList"/> FROM <paramref name="from"/></c>
    /// (column types follow the source's), with a unique index on <paramref name="uniqueColumns"/>; returns its SQL name.
    /// </summary>
    public async Task<string> CreateAsync(DbConnection connection, string selectList, string from, IReadOnlyList<string> uniqueColumns, CancellationToken ct)
    {
        var name = _prefix + (++_next).ToString(CultureInfo.InvariantCulture);
        var table = Ref(name);
        var create = IsSqlite ? "TABLE" : "TEMPORARY TABLE";
        _created.Add(name);
        await DatabaseEndpoint.ExecuteAsync(connection, $"CREATE {create} {table} AS SELECT {selectList} FROM {from} WHERE 1 = 0", ct).ConfigureAwait(false);
        var columns = string.Join(", ", uniqueColumns.Select(Dialect.Quote));
        var index = IsSqlite
            ? $"CREATE UNIQUE INDEX {SqliteSchema}.{Dialect.Quote(name + "_ix")} ON {Dialect.Quote(name)} ({columns})"
            : $"CREATE UNIQUE INDEX {Dialect.Quote(name + "_ix")} ON {table} ({columns})";
        // (A temporary table's index lives with it: PostgreSQL puts it in pg_temp, MariaDB in the session.)
        await DatabaseEndpoint.ExecuteAsync(connection, index, ct).ConfigureAwait(false);
        return table;
    }

    /// <summary>Refreshes the planner's statistics of a scratch table that grew (set-based joins over it then hash instead of loop).</summary>
    public async Task AnalyzeAsync(DbConnection connection, string table, CancellationToken ct)
    {
        var sql = _source.Provider.Name switch
        {
            "postgres" => $"ANALYZE {table}",
            "mysql" => $"ANALYZE TABLE {table}",
            _ => null,
        };
        if (sql is not null) await DatabaseEndpoint.ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the key tables live on the computing connection only (temporary tables), so restricted tables must be read there.</summary>
    public bool OnComputingConnection => !IsSqlite;

    /// <summary>Drops every scratch table this run created (or deletes the SQLite file). Never throws; returns a warning on failure.</summary>
    /// <param name="connection">The computing connection, for temporary tables (closing it drops them too).</param>
    public async Task<string?> DropAllAsync(DbConnection? connection)
    {
        if (IsSqlite)
        {
            // Pooling is off for SQLite, so no connection holds the file once the readers are closed.
            try
            {
                if (File.Exists(_file)) File.Delete(_file);
                return null;
            }
            catch (IOException ex)
            {
                return $"could not delete the subset's scratch file {_file}: {ex.Message}";
            }
        }
        if (_created.Count == 0 || connection is null) return null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            // Temporary tables: dropping is tidiness (they go with the session); a broken connection needs nothing.
            var drop = _source.Provider.Name == "mysql" ? "DROP TEMPORARY TABLE IF EXISTS" : "DROP TABLE IF EXISTS";
            foreach (var name in _created) await DatabaseEndpoint.ExecuteAsync(connection, $"{drop} {Ref(name)}", timeout.Token).ConfigureAwait(false);
            _created.Clear();
            return null;
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    private string Ref(string name) => IsSqlite
        ? $"{SqliteSchema}.{Dialect.Quote(name)}"
        : _source.Provider.Name == "postgres" ? "pg_temp." + Dialect.Quote(name) : Dialect.Quote(name);
}
