using System.Globalization;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura generate --profile</c> and <c>--epsilon</c> as a user runs them, on the demo database.</summary>
public sealed class GenerateProfileCommandTests
{
    private static async Task<string> ProfiledDemoAsync()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var profile = await CliRunner.RunAsync(dir, null, "profile", "--source", "sqlite:demo/source.db", "--out", "prof");
        Assert.True(profile.ExitCode == 0, profile.StdErr);
        return dir;
    }

    private static async Task<Dictionary<string, double>> FrequenciesAsync(string db, string sql)
    {
        var rows = await TestDatabases.QueryAsync(DatabaseUri.Parse("sqlite:" + db), sql);
        return rows.ToDictionary(r => Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? "NULL", r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture));
    }

    private static double TotalVariation(Dictionary<string, double> p, Dictionary<string, double> q)
    {
        var (sp, sq) = (p.Values.Sum(), q.Values.Sum());
        return 0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) / sp - q.GetValueOrDefault(k) / sq));
    }

    [Fact]
    public async Task Generated_rows_follow_the_profile_of_the_source()
    {
        var dir = await ProfiledDemoAsync();
        var run = await CliRunner.RunAsync(dir, null, "generate", "--like", "sqlite:demo/source.db", "--profile", "prof/profile.json", "--target", "sqlite:out.db", "--seed", "4");
        Assert.True(run.ExitCode == 0, run.StdErr);
        var (source, target) = (Path.Combine(dir, "demo/source.db"), Path.Combine(dir, "out.db"));
        foreach (var table in new[] { "facility", "staff", "beneficiary", "visit", "prescription" })
        {
            var sql = $"SELECT 'rows', COUNT(*) FROM {table}";
            Assert.Equal((await FrequenciesAsync(source, sql))["rows"], (await FrequenciesAsync(target, sql))["rows"]);
        }
        foreach (var sql in new[]
        {
            "SELECT diagnosis, COUNT(*) FROM visit GROUP BY diagnosis",
            "SELECT gender, COUNT(*) FROM beneficiary GROUP BY gender",
            "SELECT drug, COUNT(*) FROM prescription GROUP BY drug",
            // Children per parent: visits per beneficiary, parents without a visit included.
            "SELECT n, COUNT(*) FROM (SELECT b.ben_reg_id, COUNT(v.ben_reg_id) AS n FROM beneficiary b LEFT JOIN visit v ON v.ben_reg_id = b.ben_reg_id GROUP BY b.ben_reg_id) GROUP BY n",
            "SELECT fee IS NULL, COUNT(*) FROM visit GROUP BY fee IS NULL",
        })
        {
            var tv = TotalVariation(await FrequenciesAsync(source, sql), await FrequenciesAsync(target, sql));
            Assert.True(tv < 0.1, $"{sql}: TV {tv:F3}");
        }
    }

    [Fact]
    public async Task With_epsilon_the_profile_is_released_first_and_the_release_is_written()
    {
        var dir = await ProfiledDemoAsync();
        var run = await CliRunner.RunAsync(dir, null, "generate", "--like", "sqlite:demo/source.db", "--profile", "prof/profile.json", "--epsilon", "2",
            "--released-profile", "released.json", "--target", "sqlite:out.db", "--seed", "4");
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("released with ε = 2", run.StdErr, StringComparison.Ordinal);
        using var released = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "released.json")));
        var privacy = released.RootElement.GetProperty("privacy");
        Assert.Equal(2, privacy.GetProperty("epsilon").GetDouble());
        Assert.Equal(2, privacy.GetProperty("statistics").EnumerateArray().Sum(s => s.GetProperty("epsilon").GetDouble()), 9);
        foreach (var column in released.RootElement.GetProperty("tables").EnumerateArray().SelectMany(t => t.GetProperty("columns").EnumerateArray()))
        {
            Assert.False(column.TryGetProperty("min", out _));
            Assert.False(column.TryGetProperty("max", out _));
        }
        Assert.True(await TestDatabases.CountAsync(DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "out.db")), "SELECT COUNT(*) FROM visit") > 0);
    }

    [Theory]
    [InlineData("--epsilon releases a profile", "--epsilon", "1")]
    [InlineData("OBS850", "--profile", "missing.json")]
    [InlineData("OBS850", "--profile", "demo/source.db")]
    [InlineData("OBS852", "--profile", "prof/profile.json", "--epsilon", "-1")]
    [InlineData("--released-profile writes what --epsilon released", "--profile", "prof/profile.json", "--released-profile", "r.json")]
    public async Task Bad_profile_options_are_refused_before_anything_is_written(string expected, params string[] args)
    {
        var dir = await ProfiledDemoAsync();
        var run = await CliRunner.RunAsync(dir, null, ["generate", "--like", "sqlite:demo/source.db", "--target", "sqlite:out.db", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(run.StdErr, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.db")), "nothing may be written");
    }
}
