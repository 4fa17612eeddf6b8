using Cronos;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Core.Query.Policy;
using Obscura.Data;

namespace Obscura.Engine.Query;

/// <summary>
/// The budget store: a ledger of transactions per user (<c>reserved</c>, <c>committed</c>, <c>released</c>, <c>reset</c>) in a
/// SQLite file (one machine; the default) or a PostgreSQL database (shared by every instance). A reservation checks the
/// spending of the current period and inserts itself in one transaction that holds the write lock (SQLite
/// <c>BEGIN IMMEDIATE</c>; PostgreSQL a transaction-scoped advisory lock per user), so concurrent queries never overspend.
/// Periods follow the role's reset schedule on the injected clock; no timer runs. A burst of queries queues: at most
/// <c>maxConnections</c> ledger connections are open per store (one for SQLite, which has one writer), and a transient
/// failure (the server's connection limit, a pool timeout, a deadlock) before the commit is retried with backoff.
/// </summary>
public sealed class LedgerBudgetStore : IBudgetStore, IAsyncDisposable
{
    private const string Table = "obscura_budget_ledger";
    private readonly DatabaseEndpoint _endpoint;
    private readonly TimeProvider _clock;
    private const int TransientAttempts = 8;
    private readonly SemaphoreSlim _ready = new(1, 1);
    private readonly SemaphoreSlim _connections;
    // Commits and releases have their own slots: queued behind a burst of reservations they would hold every answer back.
    private readonly SemaphoreSlim _settling;
    private bool _created;

    /// <summary>Creates a store on <paramref name="uri"/> (sqlite: or postgres://); the ledger table is created on first use.</summary>
    /// <param name="runtime">Providers and clock.</param>
    /// <param name="uri">The ledger database.</param>
    /// <param name="maxConnections">Ledger connections open at once for reservations on PostgreSQL (SQLite uses one), plus a quarter as many for commits and releases; more callers wait.</param>
    public LedgerBudgetStore(ObscuraRuntime runtime, DatabaseUri uri, int maxConnections = 8)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        if (uri.Scheme is not ("sqlite" or "postgres"))
            throw new ObscuraConfigException($"budget_store must be sqlite:FILE or postgres://..., not {uri.Scheme}");
        _endpoint = runtime.Connect(uri);
        _clock = runtime.Clock;
        var slots = uri.Scheme == "sqlite" ? 1 : maxConnections;
        _connections = new SemaphoreSlim(slots, slots);
        var settling = uri.Scheme == "sqlite" ? 1 : Math.Max(1, maxConnections / 4);
        _settling = new SemaphoreSlim(settling, settling);
    }

    /// <summary>The store a policy names (a relative SQLite path is relative to the policy file), or null when it names none.</summary>
    public static LedgerBudgetStore? ForPolicy(ObscuraRuntime runtime, PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(policy.BudgetStore)) return null;
        var text = policy.BudgetStore;
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            // sqlite:PATH and sqlite://PATH name PATH; sqlite:///abs/path names /abs/path (as DatabaseUri reads them).
            var path = text["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(policy.FilePath)) ?? Directory.GetCurrentDirectory();
            text = "sqlite:" + Path.GetFullPath(path, baseDirectory);
        }
        return new LedgerBudgetStore(runtime, DatabaseUri.Parse(text, "OBSCURA_BUDGET_PASSWORD"));
    }

    private bool IsPostgres => _endpoint.Provider.Name == "postgres";

    /// <inheritdoc />
    public async Task<BudgetReservation> ReserveAsync(EffectiveRole role, double epsilon, double delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await WithConnectionAsync(async (conn, committing) =>
        {
            await BeginAsync(conn, role.User, cancellationToken).ConfigureAwait(false);
            try
            {
                var (spentEpsilon, spentDelta) = await SpentAsync(conn, role, cancellationToken).ConfigureAwait(false);
                var limits = role.Limits;
                if (spentEpsilon + epsilon > limits.BudgetEpsilon * (1 + 1e-12) || spentDelta + delta > limits.BudgetDelta * (1 + 1e-12))
                {
                    await ExecAsync(conn, "ROLLBACK", cancellationToken).ConfigureAwait(false);
                    throw new QueryRefusedException(DiagnosticCodes.QueryBudgetExhausted,
                        $"user {role.User} has ε = {Format(limits.BudgetEpsilon - spentEpsilon)} and δ = {Format(limits.BudgetDelta - spentDelta)} left " +
                        $"this period; the query needs ε = {Format(epsilon)}, δ = {Format(delta)}" +
                        (NextReset(limits) is { } next ? $" (the budget resets at {next:yyyy-MM-dd HH:mm} UTC)" : string.Empty));
                }
                var id = await ScalarAsync(conn,
                    $"INSERT INTO {Table} (username, at, epsilon, delta, state) VALUES ({P("u")}, {P("t")}, {P("e")}, {P("d")}, 'reserved')"
                    + (IsPostgres ? " RETURNING id" : "; SELECT last_insert_rowid()"),
                    cancellationToken, ("u", role.User), ("t", Now()), ("e", epsilon), ("d", delta)).ConfigureAwait(false);
                // From here a failure is not retried: the reservation may have been made.
                committing.Value = true;
                await ExecAsync(conn, "COMMIT", cancellationToken).ConfigureAwait(false);
                return (BudgetReservation)new Reservation(this, Convert.ToInt64(id, CultureInfo.InvariantCulture),
                    limits.BudgetEpsilon - spentEpsilon - epsilon, limits.BudgetDelta - spentDelta - delta);
            }
            catch (Exception e) when (e is not QueryRefusedException && !committing.Value)
            {
                try
                {
                    await ExecAsync(conn, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // the transaction is already gone
                }
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a ledger connection, waiting for one of the store's slots, and retries it on a
    /// transient failure that happened before it set its <c>committing</c> flag.
    /// </summary>
    private Task<T> WithConnectionAsync<T>(Func<DbConnection, StrongBox<bool>, Task<T>> work, CancellationToken cancellationToken) =>
        WithConnectionAsync(_connections, work, cancellationToken);

    private async Task<T> WithConnectionAsync<T>(SemaphoreSlim slots, Func<DbConnection, StrongBox<bool>, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = new StrongBox<bool>(false);
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var conn = await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (conn.ConfigureAwait(false))
                {
                    return await work(conn, committing).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (attempt < TransientAttempts && !committing.Value && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // fall through to the backoff, outside the slot
            }
            finally
            {
                slots.Release();
            }
            var backoff = Math.Min(2000, 25 << attempt);
            await Task.Delay(TimeSpan.FromMilliseconds(backoff / 2 + Random.Shared.Next(backoff / 2)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        DbException { IsTransient: true } => true,
        TimeoutException => true,
        _ => e.InnerException is not null && IsTransient(e.InnerException),
    };

    /// <summary>Spent and remaining budget of every user of the policy (or one), and when each next resets.</summary>
    public async Task<IReadOnlyList<BudgetStatus>> StatusAsync(PrivacyPolicy policy, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var result = await WithConnectionAsync(async (conn, _) =>
        {
            var statuses = new List<BudgetStatus>();
            foreach (var name in policy.Users.Keys.Where(u => user is null || u == user).Order(StringComparer.Ordinal))
            {
                var role = policy.RoleFor(name);
                var (e, d) = await SpentAsync(conn, role, cancellationToken).ConfigureAwait(false);
                statuses.Add(new BudgetStatus(name, role.Roles, e, Math.Max(0, role.Limits.BudgetEpsilon - e), d, Math.Max(0, role.Limits.BudgetDelta - d),
                    NextReset(role.Limits)));
            }
            return statuses;
        }, cancellationToken).ConfigureAwait(false);
        if (user is not null && result.Count == 0) policy.RoleFor(user);
        return result;
    }

    /// <summary>Starts the user's budget afresh now (a <c>reset</c> row in the ledger; history is kept).</summary>
    public async Task ResetAsync(string user, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await WithConnectionAsync(async (conn, committing) =>
        {
            committing.Value = true; // one statement: a failure may still have written it
            await ExecAsync(conn, $"INSERT INTO {Table} (username, at, epsilon, delta, state) VALUES ({P("u")}, {P("t")}, 0, 0, 'reset')", cancellationToken,
                ("u", user), ("t", Now())).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(double Epsilon, double Delta)> SpentAsync(DbConnection conn, EffectiveRole role, CancellationToken cancellationToken)
    {
        var since = PeriodStart(role.Limits);
        var lastReset = await ScalarAsync(conn, $"SELECT MAX(at) FROM {Table} WHERE username = {P("u")} AND state = 'reset'", cancellationToken, ("u", role.User))
            .ConfigureAwait(false);
        if (lastReset is string r && string.CompareOrdinal(r, since) > 0) since = r;
        await using var cmd = Command(conn, $"SELECT COALESCE(SUM(epsilon), 0), COALESCE(SUM(delta), 0) FROM {Table} " +
            $"WHERE username = {P("u")} AND state IN ('reserved', 'committed') AND at >= {P("s")}", ("u", role.User), ("s", since));
        var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The start of the current period (ISO-8601 UTC text, which sorts as time).</summary>
    private string PeriodStart(PolicyRole limits)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var start = limits.Reset switch
        {
            ResetSchedule.Daily => now.Date,
            ResetSchedule.Weekly => now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7)),
            ResetSchedule.Monthly => new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            ResetSchedule.Cron when limits.ResetCron is { } cron => LastOccurrence(CronExpression.Parse(cron), now) ?? DateTime.MinValue,
            _ => DateTime.MinValue,
        };
        return start.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
    }

    private DateTime? NextReset(PolicyRole limits)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return limits.Reset switch
        {
            ResetSchedule.Daily => now.Date.AddDays(1),
            ResetSchedule.Weekly => now.Date.AddDays(7 - (((int)now.DayOfWeek + 6) % 7)),
            ResetSchedule.Monthly => new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
            ResetSchedule.Cron when limits.ResetCron is { } cron => CronExpression.Parse(cron).GetNextOccurrence(now, inclusive: false),
            _ => null,
        };
    }

    /// <summary>
    /// The latest occurrence at or before <paramref name="now"/>: Cronos only looks forward, so windows that grow from an
    /// hour to ten years are searched until one holds an occurrence (a minutely schedule lists at most 60 in the first).
    /// </summary>
    private static DateTime? LastOccurrence(CronExpression cron, DateTime now)
    {
        foreach (var window in (TimeSpan[])[TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(366), TimeSpan.FromDays(3660)])
        {
            DateTime? last = null;
            foreach (var at in cron.GetOccurrences(now - window, now, fromInclusive: true, toInclusive: true)) last = at;
            if (last is not null) return last;
        }
        return null;
    }

    private string Now() => _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private async Task BeginAsync(DbConnection conn, string user, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await ExecAsync(conn, "BEGIN", cancellationToken).ConfigureAwait(false);
            // One user's reservations queue behind each other; other users' run in parallel.
            await ExecAsync(conn, $"SELECT pg_advisory_xact_lock(hashtextextended({P("u")}, 8011))", cancellationToken, ("u", user)).ConfigureAwait(false);
        }
        else
        {
            await ExecAsync(conn, "BEGIN IMMEDIATE", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created) return;
            await _endpoint.Provider.EnsureDatabaseAsync(_endpoint.Uri, cancellationToken).ConfigureAwait(false);
            var id = IsPostgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT";
            var conn = await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                if (!IsPostgres) await ExecAsync(conn, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
                await ExecAsync(conn, $"CREATE TABLE IF NOT EXISTS {Table} ({id}, username TEXT NOT NULL, at TEXT NOT NULL, " +
                    "epsilon DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL, state TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
                await ExecAsync(conn, $"CREATE INDEX IF NOT EXISTS {Table}_user ON {Table} (username, at)", cancellationToken).ConfigureAwait(false);
            }
            _created = true;
        }
        finally
        {
            _ready.Release();
        }
    }

    private async Task SetStateAsync(long id, string state, CancellationToken cancellationToken)
    {
        // Idempotent (only a 'reserved' row changes), so every transient failure is retried.
        await WithConnectionAsync(_settling, async (conn, _) =>
        {
            await ExecAsync(conn, $"UPDATE {Table} SET state = {P("s")} WHERE id = {P("i")} AND state = 'reserved'", cancellationToken, ("s", state), ("i", id))
                .ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string P(string name) => "@" + name;

    private static DbCommand Command(DbConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 60;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static async Task ExecAsync(DbConnection conn, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(conn, sql, parameters);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection conn, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(conn, sql, parameters);
        var v = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return v is DBNull ? null : v;
    }

    private static string Format(double v) => Math.Max(0, v).ToString("G6", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync().ConfigureAwait(false);
        _ready.Dispose();
        _connections.Dispose();
        _settling.Dispose();
    }

    private sealed class Reservation(LedgerBudgetStore store, long id, double epsilonRemaining, double deltaRemaining) : BudgetReservation
    {
        public override double EpsilonRemaining => epsilonRemaining;
        public override double DeltaRemaining => deltaRemaining;
        protected override Task OnCommitAsync(CancellationToken cancellationToken) => store.SetStateAsync(id, "committed", cancellationToken);
        protected override Task OnReleaseAsync(CancellationToken cancellationToken) => store.SetStateAsync(id, "released", cancellationToken);
    }
}
