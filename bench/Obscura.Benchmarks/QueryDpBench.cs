using System.Diagnostics;
using System.Globalization;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Query;

/// <summary>
/// A DP GROUP BY query against the same plain SQL aggregate, in one process with warm caches (plan cache, connection pools),
/// alternating the two so both see the same machine state. Not a BenchmarkDotNet benchmark: run by bench/query-dp.sh.
/// </summary>
internal static class QueryDpBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        // query-dp SOURCE_URI POLICY USER DP_SQL PLAIN_SQL [REPEATS]
        var source = DatabaseUri.Parse(args[1], "OBSCURA_SOURCE_PASSWORD");
        var repeats = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 15;
        var runtime = ObscuraRuntime.CreateDefault();
        var budget = new LedgerBudgetStore(runtime, DatabaseUri.Parse("sqlite:" + Path.Combine(Path.GetTempPath(), $"obscura-bench-budget-{Environment.ProcessId}.db")));
        await using var service = new QueryService(runtime, new PolicySource(args[2]), budget);
        await using var plain = runtime.Connect(source);
        var options = new QueryOptions { Source = source, User = args[3], Sql = args[4] };
        async Task<double> Plain()
        {
            var sw = Stopwatch.StartNew();
            await using var conn = await plain.OpenAsync(CancellationToken.None);
            await using var reader = await plain.Provider.ReadAsync(conn, args[5], CancellationToken.None);
            var rows = 0;
            while (await reader.ReadAsync()) rows++;
            return sw.Elapsed.TotalMilliseconds;
        }
        async Task<double> Private()
        {
            var sw = Stopwatch.StartNew();
            await service.RunAsync(options, CancellationToken.None);
            return sw.Elapsed.TotalMilliseconds;
        }
        var first = Stopwatch.StartNew();
        var answer = await service.RunAsync(options, CancellationToken.None);
        var cold = first.Elapsed.TotalMilliseconds;
        await Plain();
        var p = new List<double>();
        var d = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            p.Add(await Plain());
            d.Add(await Private());
        }
        // Where the DP time goes, for the report: the budget store's reserve + commit, and the noise for one value per group.
        var role = new PolicySource(args[2]).Current.RoleFor(args[3]);
        var reserve = new List<double>();
        var noise = new List<double>();
        var laplace = new Obscura.Core.Privacy.LaplaceMechanism(1.0, 1.0);
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            await (await budget.ReserveAsync(role, 1e-9, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            reserve.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            for (var g = 0; g < Math.Max(1, answer.Rows.Count + answer.SuppressedGroups); g++) laplace.Release(1000, Obscura.Core.Privacy.CryptoPrivacyRandom.Shared);
            noise.Add(sw.Elapsed.TotalMilliseconds);
        }
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (mp, md) = (Median(p), Median(d));
        var bar = 1.5 * mp + 20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first DP query (inspect + plan + run): {cold:F1} ms; {answer.Rows.Count} groups released, {answer.SuppressedGroups} withheld"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain SQL median of {repeats}: {mp:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DP query median of {repeats}: {md:F1} ms (cached plans: {service.CachedPlans})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which budget reserve + commit ≈ {Median(reserve):F1} ms, noise for every group ≈ {Median(noise):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bar 1.5 × plain + 20 ms = {bar:F1} ms: {(md <= bar ? "met" : "NOT met")} (ratio {md / mp:F2})"));
        return md <= bar ? 0 : 1;
    }
}
