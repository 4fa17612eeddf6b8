using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>
/// Runs alone, after the parallel tests: every service in a process exports every meter named <c>Obscura.Service</c>
/// (OpenTelemetry matches meters by name), so another test's live service would report its own store's counts in the
/// same series. <c>obscura serve</c> is one service per process.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary><c>/metrics</c> in Prometheus format: operations by status, rows copied, queue depth, rows per second and API latency.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_show_operations_by_status_rows_copied_queue_depth_and_api_latency()
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var source = await TestDatabases.CreateAsync("sqlite", "svc_met_src");
        var target = await TestDatabases.CreateAsync("sqlite", "svc_met_dst");
        try
        {
            await TestDatabases.ExecuteAsync(source,
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO items SELECT i, 'item ' || i FROM n");
            await f.DataSourceAsync(admin, new { name = "uat", kind = "sqlite", database = source.Database, environment = "UAT" });
            await f.DataSourceAsync(admin, new { name = "dev", kind = "sqlite", database = target.Database, environment = "DEV" });
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", tables = new[] { "items" } });
            var text = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, text);
            var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
            // A second request stays pending: the gauge counts it by its status.
            Assert.Equal(HttpStatusCode.Created, (await ServiceFixture.PostAsync(requester, "/api/database-operations",
                new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", tables = new[] { "items" }, required_approvers = new[] { "DBA" } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "execute" })).StatusCode);
            var done = await f.WaitForAsync(requester, id, s => s is "succeeded" or "failed" or "cancelled");
            Assert.Equal("succeeded", done.GetProperty("status").GetString());

            // The gauges read the store at most once per 5 s of the service's clock: move it past that interval so this
            // scrape reads the store as it is now.
            f.Clock.Advance(TimeSpan.FromSeconds(6));
            // No token needed (protect /metrics with the allowlist or the network).
            var metrics = await f.Anonymous().GetStringAsync("/metrics");
            Assert.Equal(3000, Value(metrics, "obscura_rows_copied_total"));
            Assert.Equal(1, Value(metrics, "obscura_operations{status=\"succeeded\"}"));
            Assert.Equal(1, Value(metrics, "obscura_operations{status=\"pending_approval\"}"));
            Assert.Equal(0, Value(metrics, "obscura_operations{status=\"running\"}"));
            Assert.Equal(0, Value(metrics, "obscura_queue_depth"));
            Assert.Matches(SeriesName("obscura_rows_rate_per_second"), metrics);
            Assert.Matches(SeriesName("http_server_request_duration_seconds_bucket"), metrics);
            Assert.Contains("http_route=\"/api/database-operations/{id:long}\"", metrics, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(source.Database);
            File.Delete(target.Database);
        }
    }

    private static Regex SeriesName(string name) => new("(?m)^" + Regex.Escape(name));

    /// <summary>The value of the one sample whose name and labels match <paramref name="series"/> (other labels may follow).</summary>
    private static double Value(string metrics, string series)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        var pattern = brace > 0
            ? "(?m)^" + Regex.Escape(series[..brace]) + "\\{[^}]*" + Regex.Escape(series[(brace + 1)..^1]) + "[^}]*\\}\\s+(\\S+)"
            : "(?m)^" + Regex.Escape(series) + "(?:\\{[^}]*\\})?\\s+(\\S+)";
        var matches = Regex.Matches(metrics, pattern);
        Assert.True(matches.Count == 1, $"{matches.Count} series {series} in:\n{metrics}");
        return double.Parse(matches[0].Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
