using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy;
using Obscura.Core.Query;
using Obscura.Core.Query.Policy;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Audit;

namespace Obscura.Engine.Query;

/// <summary>
/// Answers SQL with differential privacy: checks the user's role and per-query limits, plans (validate + rewrite, cached by
/// query shape), reserves the cost in the budget store, runs the rewritten SQL (only aggregates leave the database), adds
/// noise in .NET, post-processes (HAVING, ORDER BY, LIMIT, windows over the noisy rows), then commits the cost.
/// A rejected or refused query spends nothing.
/// </summary>
public sealed class QueryService : IAsyncDisposable
{
    private const int PlanCacheCapacity = 512;
    private readonly ObscuraRuntime _runtime;
    private readonly PolicySource _policy;
    private readonly IBudgetStore? _budget;
    private readonly IPrivacyRandom _random;
    private readonly ConcurrentDictionary<string, Catalog> _catalogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueryPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DatabaseEndpoint> _endpoints = new(StringComparer.Ordinal);
    private static readonly TimeSpan AuditLockWait = TimeSpan.FromSeconds(10);
    private readonly Lock _auditGate = new();
    private readonly SemaphoreSlim _inspectGate = new(1, 1);
    private readonly SemaphoreSlim _readGate;

    /// <summary>Creates the service.</summary>
    /// <param name="runtime">Providers and clock.</param>
    /// <param name="policy">The policy in force (reloaded when its file changes).</param>
    /// <param name="budget">The budget store; null refuses every private query (a public query still runs).</param>
    /// <param name="random">The noise source (default: the operating system's cryptographic generator).</param>
    /// <param name="maxConcurrentReads">
    /// How many queries read from the sources at once; more wait their turn, so a burst of queries queues instead of
    /// exhausting the driver's connection pool or the server's connection limit.
    /// </param>
    public QueryService(ObscuraRuntime runtime, PolicySource policy, IBudgetStore? budget, IPrivacyRandom? random = null, int maxConcurrentReads = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentReads, 1);
        _readGate = new SemaphoreSlim(maxConcurrentReads, maxConcurrentReads);
        _runtime = runtime;
        _policy = policy;
        _budget = budget;
        _random = random ?? CryptoPrivacyRandom.Shared;
    }

    /// <summary>Policy reload problems to show the user (the last valid policy stays in force).</summary>
    public IReadOnlyList<Diagnostic> PolicyWarnings => _policy.Warnings;

    /// <summary>How many plans are cached (for tests and benchmarks).</summary>
    public int CachedPlans => _plans.Count;

    /// <summary>
    /// Plans the query for the user without running it or spending anything (<c>policy explain</c>). With a null
    /// <paramref name="source"/> the plan uses the policy's own tables and a generic (PostgreSQL) dialect.
    /// </summary>
    public async Task<(QueryPlan Plan, EffectiveRole Role)> ExplainAsync(DatabaseUri? source, string user, string sql, double? epsilon, double? delta,
        CancellationToken cancellationToken)
    {
        var policy = _policy.Current;
        var role = policy.RoleFor(user);
        var request = Request(policy, role, epsilon, delta);
        if (source is null)
            return (QueryPlanner.Plan(QueryParser.Parse(sql), policy, PolicyCatalog.From(policy), SqlTarget.Generic, request), role);
        return (await PlanAsync(Endpoint(source), policy, sql, request, cancellationToken).ConfigureAwait(false), role);
    }

    /// <summary>
    /// Answers one query, and appends one <c>query</c> event to the policy's audit log (when it names one) whatever the outcome.
    /// </summary>
    /// <exception cref="QueryRejectedException">Unsupported or unsafe (exit 2).</exception>
    /// <exception cref="QueryRefusedException">Not allowed by the policy or the budget (exit 4).</exception>
    public async Task<QueryAnswer> RunAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var trace = new QueryTrace();
        var started = _runtime.Clock.GetTimestamp();
        QueryAnswer answer;
        try
        {
            answer = await RunCoreAsync(options, trace, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryRejectedException e)
        {
            Audit("query", options.User, options.Sql, trace, "rejected", 0, 0, e.Code, e.Reason, started);
            throw;
        }
        catch (QueryRefusedException e)
        {
            Audit("query", options.User, options.Sql, trace, "refused", 0, 0, e.Code, e.Reason, started);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database (or the budget store) failed: the reservation was released, nothing was spent.
            Audit("query", options.User, options.Sql, trace, "failed", 0, 0, null, null, started);
            throw;
        }
        Audit("query", options.User, options.Sql, trace, "answered", answer.Epsilon, answer.Delta, null, null, started);
        return answer;
    }

    /// <summary>
    /// Sparse vector technique: which of <see cref="SvtOptions.Queries"/> (each one ungrouped COUNT or SUM with a known
    /// sensitivity) exceed the threshold, stopping at the cap of positives. Every query is planned (and rejected, spending
    /// nothing) before ε is reserved; the true answers come from the engine's rewritten SQL (clamping, contribution
    /// bounding); ε is committed once for the run. One <c>query</c> event (command <c>svt</c>) goes to the audit log.
    /// </summary>
    /// <exception cref="QueryRejectedException">A query is not a single-number aggregate the engine answers (exit 2).</exception>
    /// <exception cref="QueryRefusedException">Not allowed by the policy or the budget (exit 4).</exception>
    public async Task<SvtAnswer> SparseVectorAsync(SvtOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var trace = new QueryTrace { Mechanism = "sparse_vector" };
        var started = _runtime.Clock.GetTimestamp();
        var script = string.Join(";\n", options.Queries);
        SvtAnswer answer;
        try
        {
            answer = await SparseVectorCoreAsync(options, trace, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryRejectedException e)
        {
            Audit("svt", options.User, script, trace, "rejected", 0, 0, e.Code, e.Reason, started);
            throw;
        }
        catch (QueryRefusedException e)
        {
            Audit("svt", options.User, script, trace, "refused", 0, 0, e.Code, e.Reason, started);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Audit("svt", options.User, script, trace, "failed", 0, 0, null, null, started);
            throw;
        }
        Audit("svt", options.User, script, trace, "answered", answer.Epsilon, 0, null, null, started);
        return answer;
    }

    private async Task<SvtAnswer> SparseVectorCoreAsync(SvtOptions options, QueryTrace trace, CancellationToken cancellationToken)
    {
        if (options.Queries.Count == 0) throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "the queries file holds no query");
        if (options.MaxPositives < 1)
            throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "--max-positives must be at least 1");
        if (!double.IsFinite(options.Threshold)) throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "the threshold must be a finite number");
        var policy = _policy.Current;
        trace.Policy = policy;
        var role = policy.RoleFor(options.User);
        trace.Role = role;
        // Planned with the role's δ only so that every query shape plans (a GROUP BY is then rejected for its shape, not
        // for lacking δ); the sparse vector uses the plans' SQL and sensitivities, adds Laplace noise and spends no δ.
        var request = Request(policy, role, options.Epsilon, null);
        var endpoint = Endpoint(options.Source);
        var branches = new List<(AggregateBranch Branch, int Measure)>();
        for (var i = 0; i < options.Queries.Count; i++)
        {
            QueryPlan plan;
            try
            {
                plan = await PlanAsync(endpoint, policy, options.Queries[i], request, cancellationToken).ConfigureAwait(false);
            }
            catch (QueryRejectedException e)
            {
                throw new QueryRejectedException(e.Code, $"query {i + 1}: {e.Reason}", e.Position);
            }
            trace.Plans.Add(plan);
            branches.Add(SingleNumber(plan, i));
        }
        if (_budget is null)
            throw new QueryRefusedException(DiagnosticCodes.QueryRefused,
                $"the policy {Path.GetFileName(policy.FilePath)} names no budget_store, so the cost of a private answer cannot be accounted; add e.g. 'budget_store: sqlite:obscura-budget.db'");
        // Every query's sensitivity is at most the largest, so noise calibrated to it covers them all.
        var sensitivity = branches.Max(b => b.Branch.Measures[b.Measure].Sensitivity);
        var mechanism = new SparseVector(request.Epsilon, sensitivity, options.MaxPositives);
        var reservation = await _budget.ReserveAsync(role, request.Epsilon, 0, cancellationToken).ConfigureAwait(false);
        await using (reservation.ConfigureAwait(false))
        {
            SparseVectorResult result;
            try
            {
                var answers = await ReadGatedAsync(async () =>
                {
                    var exact = new double[branches.Count];
                    var conn = await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using (conn.ConfigureAwait(false))
                    {
                        for (var i = 0; i < branches.Count; i++)
                        {
                            var groups = await ReadGroupsAsync(conn, branches[i].Branch, cancellationToken).ConfigureAwait(false);
                            exact[i] = groups.Count == 0 ? 0 : groups[0].Values[branches[i].Measure];
                        }
                    }
                    return exact;
                }, cancellationToken).ConfigureAwait(false);
                result = mechanism.Run(answers, options.Threshold, _random);
            }
            catch
            {
                await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await reservation.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new SvtAnswer
            {
                Fingerprints = options.Queries.Select(q => QueryFingerprint.Of(q).Hash).ToList(),
                Above = result.Above,
                Examined = result.Examined,
                Epsilon = request.Epsilon,
                EpsilonRemaining = reservation.EpsilonRemaining,
            };
        }
    }

    /// <summary>The branch and measure of a query whose answer is one number with a known sensitivity (an ungrouped COUNT or SUM).</summary>
    private static (AggregateBranch Branch, int Measure) SingleNumber(QueryPlan plan, int index)
    {
        const string Why = "the sparse vector technique needs one number per query: a single ungrouped COUNT or SUM over private tables";
        if (plan.PublicSql is not null)
            throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, $"query {index + 1} reads only public tables; {Why}");
        if (plan.Branches.Count != 1 || plan.Columns.Count != 1)
            throw new QueryRejectedException(DiagnosticCodes.QueryAggregateShape, $"query {index + 1} has {plan.Columns.Count} output column(s) or a UNION; {Why}");
        var branch = plan.Branches[0];
        if (branch.GroupKeyCount > 0 || branch.Having is not null)
            throw new QueryRejectedException(DiagnosticCodes.QueryAggregateShape, $"query {index + 1} has GROUP BY or HAVING; {Why}");
        if (ResultEvaluator.DirectMeasure(branch, 0) is not { } measure || branch.Measures[measure].Kind == MeasureKind.Quantile)
            throw new QueryRejectedException(DiagnosticCodes.QueryAggregateShape, $"query {index + 1} is not a plain COUNT or SUM (AVG, VARIANCE, quantiles and arithmetic over aggregates have no single sensitivity); {Why}");
        return (branch, measure);
    }

    private async Task<QueryAnswer> RunCoreAsync(QueryOptions options, QueryTrace trace, CancellationToken cancellationToken)
    {
        var policy = _policy.Current;
        trace.Policy = policy;
        var role = policy.RoleFor(options.User);
        trace.Role = role;
        var request = Request(policy, role, options.Epsilon, options.Delta);
        var endpoint = Endpoint(options.Source);
        var plan = await PlanAsync(endpoint, policy, options.Sql, request, cancellationToken).ConfigureAwait(false);
        trace.Plans.Add(plan);
        if (plan.PublicSql is not null) return await ReadGatedAsync(() => RunPublicAsync(endpoint, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (_budget is null)
            throw new QueryRefusedException(DiagnosticCodes.QueryRefused,
                $"the policy {Path.GetFileName(policy.FilePath)} names no budget_store, so the cost of a private answer cannot be accounted; add e.g. 'budget_store: sqlite:obscura-budget.db'");
        var reservation = await _budget.ReserveAsync(role, plan.Epsilon, plan.Delta, cancellationToken).ConfigureAwait(false);
        await using (reservation.ConfigureAwait(false))
        {
            QueryAnswer answer;
            try
            {
                answer = await ReadGatedAsync(() => ExecuteAsync(endpoint, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await reservation.CommitAsync(cancellationToken).ConfigureAwait(false);
            return answer with { EpsilonRemaining = reservation.EpsilonRemaining, DeltaRemaining = reservation.DeltaRemaining };
        }
    }

    /// <summary>What a run learned before it ended, for its audit event.</summary>
    private sealed class QueryTrace
    {
        public PrivacyPolicy? Policy { get; set; }
        public EffectiveRole? Role { get; set; }
        public List<QueryPlan> Plans { get; } = [];
        /// <summary>Set when the run's mechanism is not its plans' own (svt).</summary>
        public string? Mechanism { get; set; }
    }

    private void Audit(string command, string user, string sql, QueryTrace trace, string outcome, double epsilon, double delta, string? code, string? reason,
        long started)
    {
        var policy = trace.Policy ?? _policy.Current;
        if (string.IsNullOrWhiteSpace(policy.Audit)) return;
        var fingerprint = QueryFingerprint.Of(sql);
        var plans = trace.Plans;
        var roles = trace.Role?.Roles ?? (policy.Users.TryGetValue(user, out var named) ? named : []);
        var mechanism = trace.Mechanism ?? (plans.Count == 1 && plans[0].PublicSql is null ? plans[0].Mechanism : "none");
        var evt = new QueryEvent(command, user, roles, outcome, epsilon, delta, fingerprint.Hash,
            plans.SelectMany(p => p.Tables).Distinct(StringComparer.Ordinal).ToList(), plans.SelectMany(p => p.ColumnsTouched).Distinct(StringComparer.Ordinal).ToList(),
            mechanism, code, reason is null ? null : fingerprint.Redact(reason), _runtime.Clock.GetElapsedTime(started));
        var path = Path.GetFullPath(policy.Audit, Path.GetDirectoryName(Path.GetFullPath(policy.FilePath)) ?? Directory.GetCurrentDirectory());
        lock (_auditGate) AppendWithRetry(path, evt);
    }

    /// <summary>
    /// Opens the log for one append and closes it, so concurrent engine processes take turns on its writer lock (held for
    /// milliseconds) instead of the first one keeping the others out.
    /// </summary>
    private void AppendWithRetry(string path, QueryEvent evt)
    {
        var deadline = _runtime.Clock.GetTimestamp() + (long)(AuditLockWait.TotalSeconds * _runtime.Clock.TimestampFrequency);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var log = AuditLog.Open(path, AuditKey.FromEnvironment(), _runtime.Clock);
                log.Append(evt);
                return;
            }
            catch (ObscuraConfigException) when (_runtime.Clock.GetTimestamp() < deadline)
            {
                Thread.Sleep(Math.Min(5 * (attempt + 1), 50));
            }
        }
    }

    /// <summary>
    /// One endpoint (connection pool) per source and credentials for the service's lifetime. The key holds a hash of the
    /// password because the URI's text leaves it out: two sources that differ only in their password (or a changed
    /// password) must not share a pool opened with the other one.
    /// </summary>
    private DatabaseEndpoint Endpoint(DatabaseUri uri) =>
        _endpoints.GetOrAdd(uri + "\n" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(uri.Password ?? string.Empty))), _ => _runtime.Connect(uri));

    private async Task<T> ReadGatedAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read().ConfigureAwait(false);
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints.Values) await endpoint.DisposeAsync().ConfigureAwait(false);
        _endpoints.Clear();
        _inspectGate.Dispose();
        _readGate.Dispose();
    }

    private static PrivacyRequest Request(PrivacyPolicy policy, EffectiveRole role, double? epsilon, double? delta)
    {
        var limits = role.Limits;
        var e = epsilon ?? limits.EpsilonPerQuery;
        var d = delta ?? limits.DeltaPerQuery;
        if (e > limits.EpsilonPerQuery * (1 + 1e-12))
            throw new QueryRefusedException(DiagnosticCodes.QueryRefused,
                $"ε = {e.ToString(CultureInfo.InvariantCulture)} is above what role {limits.Name} allows per query ({limits.EpsilonPerQuery.ToString(CultureInfo.InvariantCulture)})");
        if (d > limits.DeltaPerQuery * (1 + 1e-12))
            throw new QueryRefusedException(DiagnosticCodes.QueryRefused,
                $"δ = {d.ToString(CultureInfo.InvariantCulture)} is above what role {limits.Name} allows per query ({limits.DeltaPerQuery.ToString(CultureInfo.InvariantCulture)})");
        return new PrivacyRequest(e, d, policy.Noise);
    }

    private async Task<QueryPlan> PlanAsync(DatabaseEndpoint endpoint, PrivacyPolicy policy, string sql, PrivacyRequest request, CancellationToken cancellationToken)
    {
        var sourceKey = endpoint.Uri.ToString();
        if (!_catalogs.TryGetValue(sourceKey, out var catalog))
        {
            // A burst of first queries inspects the source once.
            await _inspectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_catalogs.TryGetValue(sourceKey, out catalog))
                {
                    catalog = await endpoint.InspectAsync(cancellationToken).ConfigureAwait(false);
                    _catalogs[sourceKey] = catalog;
                }
            }
            finally
            {
                _inspectGate.Release();
            }
        }
        // The plan depends on the query's tokens (not its spacing or comments), the policy version, the source and the
        // request; never on a per-run secret.
        var key = string.Join('\u0001', _policy.Version.ToString(CultureInfo.InvariantCulture), policy.FilePath, sourceKey,
            request.Epsilon.ToString("R", CultureInfo.InvariantCulture), request.Delta.ToString("R", CultureInfo.InvariantCulture), request.Noise.ToString(),
            QueryParser.Canonical(sql));
        if (_plans.TryGetValue(key, out var cached)) return cached;
        var target = new SqlTarget(endpoint.Dialect.Name, endpoint.Dialect.Quote);
        var plan = QueryPlanner.Plan(QueryParser.Parse(sql), policy, catalog, target, request);
        if (_plans.Count >= PlanCacheCapacity) _plans.Clear();
        _plans[key] = plan;
        return plan;
    }

    private static async Task<QueryAnswer> RunPublicAsync(DatabaseEndpoint endpoint, QueryPlan plan, CancellationToken cancellationToken)
    {
        var conn = await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var rows = new List<object?[]>();
            var reader = await endpoint.Provider.ReadAsync(conn, plan.PublicSql!, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = Normalize(reader.GetValue(i));
                    rows.Add(row);
                }
            }
            return new QueryAnswer { Columns = plan.Columns, Rows = rows, Intervals = rows.ConvertAll(r => new (double, double)?[r.Length]), Plan = plan };
        }
    }

    private async Task<QueryAnswer> ExecuteAsync(DatabaseEndpoint endpoint, QueryPlan plan, CancellationToken cancellationToken)
    {
        var evaluator = new ResultEvaluator(new Random(RandomNumberGenerator.GetInt32(int.MaxValue)));
        var all = new List<(object?[] Outputs, (double, double)?[] Intervals, object?[] Sort)>();
        var suppressed = 0;
        var conn = await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            foreach (var branch in plan.Branches)
            {
                var exact = await ReadGroupsAsync(conn, branch, cancellationToken).ConfigureAwait(false);
                var quantiles = await ReadQuantilesAsync(conn, branch, cancellationToken).ConfigureAwait(false);
                var mechanisms = branch.Measures.Select(Mechanism).ToList();
                var kept = new List<(object?[] Keys, object?[] Aggregates)>();
                var intervals = new List<(double, double)?[]>();
                foreach (var (keys, values) in exact)
                {
                    var noisy = new double[branch.Measures.Count];
                    var ci = new (double, double)?[branch.Measures.Count];
                    for (var m = 0; m < noisy.Length; m++)
                    {
                        var measure = branch.Measures[m];
                        if (measure.Kind == MeasureKind.Quantile)
                        {
                            noisy[m] = quantiles[m].TryGetValue(KeyText(keys), out var q) ? q : Quantile([], measure);
                            continue;
                        }
                        var release = mechanisms[m]!(values[m]);
                        noisy[m] = release.Value;
                        ci[m] = (release.Ci95Low, release.Ci95High);
                    }
                    if (branch.ThresholdMeasure is { } tm && noisy[tm] < branch.Threshold)
                    {
                        suppressed++;
                        continue;
                    }
                    var aggregates = ResultEvaluator.Aggregates(branch, noisy);
                    if (branch.Having is { } having && evaluator.Evaluate(having, keys, aggregates, null) is not true) continue;
                    kept.Add((keys, aggregates));
                    intervals.Add(ci);
                }
                var outputs = evaluator.Outputs(branch, kept);
                var rows = new List<(object?[], (double, double)?[], object?[])>();
                for (var r = 0; r < outputs.Count; r++)
                {
                    var cells = new (double, double)?[outputs[r].Length];
                    for (var o = 0; o < cells.Length; o++)
                    {
                        if (ResultEvaluator.DirectMeasure(branch, o) is { } m) cells[o] = intervals[r][m];
                    }
                    var sort = branch.SortKeys.Select(k => evaluator.Evaluate(k, kept[r].Keys, kept[r].Aggregates, outputs[r])).ToArray();
                    rows.Add((outputs[r], cells, sort));
                }
                if (plan.Branches.Count > 1 && branch.Top is { } top) rows = rows.Take((int)Math.Min(top, int.MaxValue)).ToList();
                all.AddRange(rows);
            }
        }
        if (plan.SortDescending.Count > 0)
        {
            var ordered = all.Select((row, index) => (row, index)).ToList();
            ordered.Sort((a, b) =>
            {
                for (var k = 0; k < plan.SortDescending.Count; k++)
                {
                    var c = ResultEvaluator.Compare(a.row.Sort[k], b.row.Sort[k]);
                    if (c != 0) return plan.SortDescending[k] ? -c : c;
                }
                return a.index.CompareTo(b.index);
            });
            all = ordered.ConvertAll(o => o.row);
        }
        IEnumerable<(object?[] Outputs, (double, double)?[] Intervals, object?[] Sort)> final = all;
        if (plan.Offset is { } offset) final = final.Skip((int)Math.Min(offset, int.MaxValue));
        if (plan.Limit is { } limit) final = final.Take((int)Math.Min(limit, int.MaxValue));
        var list = final.ToList();
        return new QueryAnswer
        {
            Columns = plan.Columns,
            Rows = list.ConvertAll(r => r.Outputs),
            Intervals = list.ConvertAll(r => r.Intervals),
            Epsilon = plan.Epsilon,
            Delta = plan.Delta,
            Plan = plan,
            SuppressedGroups = suppressed,
        };
    }

    private Func<double, NoisyValue>? Mechanism(Measure m)
    {
        if (m.Kind == MeasureKind.Quantile) return null;
        if (m.Delta > 0)
        {
            var gaussian = new GaussianMechanism(m.Epsilon, m.Delta, Math.Sqrt(m.MaxGroups) * m.MaxPerGroup);
            return v => gaussian.Release(v, _random);
        }
        var laplace = new LaplaceMechanism(m.Epsilon, m.Sensitivity);
        return v => laplace.Release(v, _random);
    }

    private double Quantile(ReadOnlySpan<double> sorted, Measure m) =>
        // A person adds up to K values, moving a rank by up to K: the utility's sensitivity is K, so each unit of it costs ε/K.
        DpQuantile.Release(sorted, m.Lower, m.Upper, m.Quantile, m.Epsilon / Math.Max(1, m.Sensitivity), _random);

    /// <summary>Runs the branch's aggregate SQL: per group, its keys and exact measures (quantiles are read separately).</summary>
    private static async Task<List<(object?[] Keys, double[] Values)>> ReadGroupsAsync(DbConnection conn, AggregateBranch branch, CancellationToken cancellationToken)
    {
        var groups = new List<(object?[], double[])>();
        var columns = branch.Measures.Select((m, i) => (m, i)).Where(x => x.m.Column is not null).ToList();
        await using (var cmd = Command(conn, branch.Sql))
        {
            var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var keys = new object?[branch.GroupKeyCount];
                    for (var k = 0; k < keys.Length; k++) keys[k] = Normalize(reader.GetValue(k));
                    var values = new double[branch.Measures.Count];
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var v = reader.GetValue(branch.GroupKeyCount + c);
                        values[columns[c].i] = v is DBNull ? 0 : Convert.ToDouble(v, CultureInfo.InvariantCulture);
                    }
                    groups.Add((keys, values));
                }
            }
        }
        if (branch.KeyDomains is { } domains) groups = CompleteDomains(groups, domains, branch.Measures.Count);
        return groups;
    }

    /// <summary>Keys with a declared public domain: every combination is released (missing ones with zeros), values outside it never.</summary>
    private static List<(object?[] Keys, double[] Values)> CompleteDomains(List<(object?[] Keys, double[] Values)> groups, IReadOnlyList<IReadOnlyList<string>> domains, int measures)
    {
        var found = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (keys, values) in groups) found[KeyText(keys)] = values;
        var combos = new List<object?[]> { Array.Empty<object?>() };
        foreach (var domain in domains) combos = combos.SelectMany(c => domain.Select(v => (object?[])[.. c, v])).ToList();
        return combos.ConvertAll(c => (c, found.TryGetValue(KeyText(c), out var v) ? v : new double[measures]));
    }

    /// <summary>For each quantile measure: the DP quantile per group, from the clamped values fetched sorted per group.</summary>
    private async Task<Dictionary<string, double>[]> ReadQuantilesAsync(DbConnection conn, AggregateBranch branch, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, double>[branch.Measures.Count];
        for (var m = 0; m < branch.Measures.Count; m++)
        {
            var measure = branch.Measures[m];
            if (measure.ValuesSql is null) continue;
            var perGroup = new Dictionary<string, double>(StringComparer.Ordinal);
            var values = new List<double>();
            string? current = null;
            await using (var cmd = Command(conn, measure.ValuesSql))
            {
                var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var keys = new object?[branch.GroupKeyCount];
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        for (var k = 0; k < keys.Length; k++) keys[k] = Normalize(reader.GetValue(k));
                        var key = KeyText(keys);
                        if (current is not null && key != current)
                        {
                            perGroup[current] = Quantile(values.ToArray(), measure);
                            values.Clear();
                        }
                        current = key;
                        values.Add(Convert.ToDouble(reader.GetValue(branch.GroupKeyCount), CultureInfo.InvariantCulture));
                    }
                }
            }
            if (current is not null) perGroup[current] = Quantile(values.ToArray(), measure);
            result[m] = perGroup;
        }
        return result;
    }

    private static DbCommand Command(DbConnection conn, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        if (sql.Contains(QueryPlanner.HashKeyParameter, StringComparison.Ordinal))
        {
            // A fresh key per run: which of a person's rows are kept cannot be predicted or replayed.
            var p = cmd.CreateParameter();
            p.ParameterName = QueryPlanner.HashKeyParameter;
            p.DbType = System.Data.DbType.Int64;
            p.Value = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static string KeyText(object?[] keys) =>
        string.Join('\u0001', keys.Select(k => k is null ? "\u0000" : Convert.ToString(k, CultureInfo.InvariantCulture)));

    private static object? Normalize(object? v) => v switch
    {
        DBNull or null => null,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte b => (long)b,
        uint u => (long)u,
        ushort u => (long)u,
        float f => (double)f,
        _ => v,
    };
}
