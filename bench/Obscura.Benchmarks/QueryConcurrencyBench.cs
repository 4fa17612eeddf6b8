using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Query;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Query;

/// <summary>
/// A burst of concurrent private queries against one budget store: every query is released at once (one start signal),
/// spread over several engine instances (each its own QueryService and budget store connection pool, as separate
/// processes or service replicas would be). The user's budget covers exactly three quarters of them, so the bar is:
/// zero errors, exactly that many answered, the rest refused, and the ledger holding exactly the answered cost.
/// Not a BenchmarkDotNet benchmark: run by bench/query-concurrency.sh.
/// </summary>
internal static class QueryConcurrencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        // query-concurrency SOURCE_URI POLICY USER BUDGET_STORE_URI QUERIES INSTANCES SQL
        var source = DatabaseUri.Parse(args[1], "OBSCURA_SOURCE_PASSWORD");
        var policyPath = args[2];
        var user = args[3];
        var storeUri = DatabaseUri.Parse(args[4], "OBSCURA_BUDGET_PASSWORD");
        var queries = int.Parse(args[5], CultureInfo.InvariantCulture);
        var instances = int.Parse(args[6], CultureInfo.InvariantCulture);
        var sql = args[7];
        var runtime = ObscuraRuntime.CreateDefault();
        var policy = new PolicySource(policyPath);
        var role = policy.Current.RoleFor(user);
        var cost = role.Limits.EpsilonPerQuery;
        var expected = (int)Math.Round(role.Limits.BudgetEpsilon / cost);

        var stores = Enumerable.Range(0, instances).Select(_ => new LedgerBudgetStore(runtime, storeUri)).ToList();
        var services = stores.Select(s => new QueryService(runtime, new PolicySource(policyPath), s)).ToList();
        try
        {
            // Warm each instance (catalog inspection, plan cache, ledger table) with a free explain, so the burst measures queries.
            foreach (var s in services) await s.ExplainAsync(source, user, sql, null, null, CancellationToken.None);
            await stores[0].StatusAsync(policy.Current, user, CancellationToken.None);

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var latencies = new double[queries];
            var outcomes = new string[queries];
            var errors = new List<string>();
            var runs = Enumerable.Range(0, queries).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var sw = Stopwatch.StartNew();
                try
                {
                    await services[i % instances].RunAsync(new QueryOptions { Source = source, User = user, Sql = sql }, CancellationToken.None);
                    outcomes[i] = "answered";
                }
                catch (QueryRefusedException e) when (e.Code == Obscura.Core.Diagnostics.DiagnosticCodes.QueryBudgetExhausted)
                {
                    outcomes[i] = "refused";
                }
                catch (Exception e)
                {
                    outcomes[i] = "error";
                    lock (errors) errors.Add(e.GetType().Name + ": " + e.Message);
                }
                latencies[i] = sw.Elapsed.TotalMilliseconds;
            })).ToList();
            var wall = Stopwatch.StartNew();
            start.SetResult();
            await Task.WhenAll(runs);
            wall.Stop();

            var answered = outcomes.Count(o => o == "answered");
            var refused = outcomes.Count(o => o == "refused");
            var status = (await stores[0].StatusAsync(policy.Current, user, CancellationToken.None)).Single();
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"store {storeUri.Scheme}: {queries} queries at once over {instances} engine instances; budget allows {expected}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  answered {answered}, refused {refused}, errors {errors.Count}; ledger spent ε = {status.EpsilonSpent:G6} (expected {expected * cost:G6})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  latency ms: p50 {P(0.5):F0}, p95 {P(0.95):F0}, p99 {P(0.99):F0}, max {sorted[^1]:F0}; burst wall time {wall.Elapsed.TotalMilliseconds:F0} ms ({queries / wall.Elapsed.TotalSeconds:F0} queries/s)"));
            foreach (var e in errors.Distinct().Take(5)) Console.WriteLine("  error: " + e);
            var ok = errors.Count == 0 && answered == Math.Min(expected, queries) && answered + refused == queries
                && Math.Abs(status.EpsilonSpent - answered * cost) < 1e-9;
            Console.WriteLine("  bar (zero errors, exactly the budget answered, the ledger exact): " + (ok ? "met" : "NOT met"));
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var s in services) await s.DisposeAsync();
            foreach (var s in stores) await s.DisposeAsync();
        }
    }
}
