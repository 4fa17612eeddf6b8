using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary>The CLI as a user runs it: exit codes, messages, files written.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("inspect")]
    [InlineData("copy")]
    [InlineData("strategies")]
    [InlineData("transform")]
    [InlineData("scan")]
    [InlineData("profile")]
    [InlineData("anonymize")]
    [InlineData("restore")]
    [InlineData("dump")]
    [InlineData("release")]
    [InlineData("validate")]
    public async Task Every_command_has_help(string command)
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("--", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_writes_a_source_an_anonymized_copy_the_config_and_a_run_summary()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "demo", "--out", "demo");
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        foreach (var file in new[] { "source.db", "anonymized.db", "obscura.yaml", "run-summary.json" })
            Assert.True(File.Exists(Path.Combine(dir, "demo", file)), file);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "demo", "run-summary.json")));
        Assert.Equal("succeeded", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("tables").GetArrayLength());
        Assert.Contains("After", r.StdOut, StringComparison.Ordinal);

        // Same row counts, and surnames replaced row by row (a fake may equal some real name by chance, rarely its own).
        var source = Obscura.Data.DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "demo", "source.db"));
        var anonymized = Obscura.Data.DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "demo", "anonymized.db"));
        foreach (var table in new[] { "facility", "staff", "beneficiary", "visit", "prescription" })
            Assert.Equal(await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM {table}"), await TestDatabases.CountAsync(anonymized, $"SELECT COUNT(*) FROM {table}"));
        var before = (await TestDatabases.QueryAsync(source, "SELECT surname, aadhar_no FROM beneficiary ORDER BY rowid")).ToList();
        var after = (await TestDatabases.QueryAsync(anonymized, "SELECT surname, aadhar_no FROM beneficiary ORDER BY rowid")).ToList();
        Assert.True(before.Zip(after).Count(p => Equals(p.First[0], p.Second[0])) < before.Count / 20, "too many surnames unchanged");
        Assert.Empty(before.Select(r => r[1]).OfType<string>().Intersect(after.Select(r => r[1]).OfType<string>()));
        Assert.Equal(0, await TestDatabases.CountAsync(anonymized,
            "SELECT COUNT(*) FROM prescription p WHERE NOT EXISTS (SELECT 1 FROM visit v WHERE v.ben_reg_id = p.ben_reg_id AND v.visit_no = p.visit_no)"));
    }

    [Fact]
    public async Task Bad_config_exits_2_listing_every_problem_and_writes_nothing()
    {
        var dir = CliRunner.TempDirectory();
        var demo = await CliRunner.RunAsync(dir, null, "demo", "--out", "demo");
        Assert.Equal(0, demo.ExitCode);
        await File.WriteAllTextAsync(Path.Combine(dir, "bad.yaml"), """
            tables:
              beneficiary:
                columns:
                  no_such_column: { strategy: hash }
                  surname: { strategy: mask, keep_frist: 2 }
              no_such_table:
                columns:
                  x: { strategy: "null" }
            """);
        var r = await CliRunner.RunAsync(dir, new Dictionary<string, string> { ["OBSCURA_SECRET"] = "cli-test-secret-0123456789" },
            "copy", "--source", "sqlite:demo/source.db", "--target", "sqlite:out.db", "--config", "bad.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no_such_column", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("keep_frist", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("no_such_table", r.StdErr, StringComparison.Ordinal);
        Assert.True(!File.Exists(Path.Combine(dir, "out.db")) || new FileInfo(Path.Combine(dir, "out.db")).Length < 8192);
    }

    [Fact]
    public async Task A_wrong_password_from_the_environment_exits_3_without_echoing_it()
    {
        var server = TestDatabases.PostgresServer;
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), new Dictionary<string, string> { ["OBSCURA_SOURCE_PASSWORD"] = "S3cret-Not-Right" },
            "inspect", "--source", $"postgres://{server.User}@{server.Host}:{server.Port}/{server.Database}");
        Assert.Equal(3, r.ExitCode);
        Assert.DoesNotContain("S3cret-Not-Right", r.StdErr + r.StdOut, StringComparison.Ordinal);
        Assert.Contains("authentication", r.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Inspect_writes_the_catalog_as_json()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, null, "inspect", "--source", "sqlite:demo/source.db", "--out", "catalog.json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "catalog.json")));
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(5, tables.Count);
        var prescription = tables.Single(t => t.GetProperty("name").GetProperty("name").GetString() == "prescription");
        Assert.Contains(prescription.GetProperty("foreign_keys").EnumerateArray(), fk => fk.GetProperty("columns").GetArrayLength() == 2);
    }

    [Fact]
    public async Task Unknown_options_and_missing_required_options_exit_2()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "copy", "--source", "sqlite:x.db", "--bogus");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--target", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_sqlite_source_is_a_clear_database_error()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "copy", "--source", "sqlite:does-not-exist.db", "--target", "sqlite:t.db");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("does-not-exist.db", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transform_reproduces_the_NIST_FF1_samples_through_the_command_line()
    {
        // NIST SP 800-38G FF1 samples 1 and 2 (AES-128, radix 10): empty tweak, then tweak 39383736353433323130.
        var r1 = await CliRunner.RunWithInputAsync(CliRunner.TempDirectory(), null, "0123456789\n",
            "transform", "--strategy", "fpe", "--param", "key=2B7E151628AED2A6ABF7158809CF4F3C", "--param", "alphabet=digits");
        Assert.True(r1.ExitCode == 0, r1.StdErr);
        Assert.Equal("2433477484", r1.StdOut.Trim());
        var r2 = await CliRunner.RunWithInputAsync(CliRunner.TempDirectory(), null, "0123456789\n",
            "transform", "--strategy", "fpe", "--param", "key=2B7E151628AED2A6ABF7158809CF4F3C", "--param", "tweak=39383736353433323130", "--param", "alphabet=digits");
        Assert.Equal("6124200773", r2.StdOut.Trim());
    }

    [Fact]
    public async Task Transform_keeps_order_and_nulls_and_needs_a_secret_for_keyed_strategies()
    {
        var dir = CliRunner.TempDirectory();
        var noSecret = await CliRunner.RunWithInputAsync(dir, null, "Asha\n", "transform", "--strategy", "hash");
        Assert.Equal(2, noSecret.ExitCode);
        Assert.Contains("OBSCURA_SECRET", noSecret.StdErr, StringComparison.Ordinal);
        var env = new Dictionary<string, string> { ["OBSCURA_SECRET"] = "cli-transform-secret-0123456789" };
        var r = await CliRunner.RunWithInputAsync(dir, env, "Asha\n\\N\nRavi\nAsha\n", "transform", "--strategy", "faker", "--param", "kind=first_name");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = r.StdOut.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("\\N", lines[1]);
        Assert.Equal(lines[0], lines[3]);
        Assert.NotEqual("Asha", lines[0]);
    }
}
