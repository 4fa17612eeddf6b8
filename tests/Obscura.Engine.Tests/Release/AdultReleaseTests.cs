using System.Globalization;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Release;

namespace Obscura.Engine.Tests.Release;

/// <summary>
/// Releases of UCI Adult (ARX's copy, the eight usual quasi-identifiers) from SQLite, PostgreSQL and MariaDB, checked
/// independently of the release code: k holds on the output, at most 1% suppressed, every label truthful, and NCP
/// within the bars (k = 10: ≤ 23.8%; k = 5 with distinct 2-diversity on salary-class: ≤ 28.2%).
/// </summary>
public sealed class AdultReleaseTests
{
    private const double BarK10 = 0.238;
    private const double BarK5L2 = 0.282;

    private static ReleaseOptions Options(DatabaseUri source, string? file, DatabaseUri? target, int k, bool diverse) => new()
    {
        Source = source,
        Table = "adult",
        QuasiIdentifiers = AdultDataset.QuasiIdentifiers,
        Sensitive = diverse ? "salary-class" : null,
        Keep = ["id"],
        K = k,
        L = diverse ? 2 : null,
        HierarchyDirectory = AdultDataset.Hierarchies,
        SuppressionLimit = 0.01,
        OutputFile = file,
        Target = target,
        OutputTable = "adult_release",
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Adult_releases_meet_k_l_and_the_ncp_bars_to_a_file_and_to_a_table(string provider)
    {
        var source = await AdultDataset.LoadAsync(provider);
        var dir = Path.Combine(Path.GetTempPath(), "obscura-release-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // k = 10 into a CSV file.
            var csv = Path.Combine(dir, "adult-k10.csv");
            var k10 = await new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(Options(source, csv, null, 10, diverse: false));
            Assert.True(k10.Succeeded, k10.Report.Error);
            var outcome = ReleaseVerifier.Verify(ReleaseVerifier.ReadCsv(csv), 10, null);
            AssertReport(k10.Report, outcome, BarK10);

            // k = 5 and distinct 2-diversity on salary-class into a new table of the same database.
            var k5 = await new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(Options(source, null, source, 5, diverse: true));
            Assert.True(k5.Succeeded, k5.Report.Error);
            var q = TestDatabases.Registry.Resolve(source).Dialect;
            var columns = AdultDataset.QuasiIdentifiers.Append("salary-class").Append("id").ToList();
            var rows = (await TestDatabases.QueryAsync(source, $"SELECT {string.Join(", ", columns.Select(q.Quote))} FROM {q.Quote("adult_release")}"))
                .Select(r => columns.Select((c, i) => (c, Convert.ToString(r[i], CultureInfo.InvariantCulture)!)).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal))
                .ToList();
            var diverse = ReleaseVerifier.Verify(rows, 5, "salary-class");
            AssertReport(k5.Report, diverse, BarK5L2);
            Assert.Equal(["distinct-2-diversity"], k5.Report.Models);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await AdultDataset.DropAsync(source);
        }
    }

    private static void AssertReport(ReleaseReport report, ReleaseVerifier.Outcome outcome, double bar)
    {
        Assert.True(outcome.Ncp <= bar, $"NCP {outcome.Ncp:P2} is above the bar {bar:P1}");
        Assert.True(outcome.Suppressed <= 301, $"{outcome.Suppressed} rows suppressed, more than 1%");
        Assert.Equal(outcome.Suppressed, report.Suppressed);
        Assert.Equal(outcome.Ncp, report.Ncp, 5);
        Assert.Equal(outcome.Classes, report.Classes);
        Assert.Equal(30162, report.Rows);
        // The report's JSON carries the figures under their documented names.
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        foreach (var name in new[] { "ncp", "suppressed", "classes", "discernibility", "class_sizes", "ncp_by_column" }) Assert.True(root.TryGetProperty(name, out _), name);
        var risk = root.GetProperty("risk");
        Assert.True(risk.GetProperty("prosecutor").GetProperty("highest").GetDouble() <= 1.0 / report.K);
        Assert.True(risk.GetProperty("journalist").GetProperty("highest").GetDouble() <= 1.0 / report.K);
        Assert.InRange(risk.GetProperty("marketer").GetDouble(), 0, 1.0 / report.K);
    }
}
