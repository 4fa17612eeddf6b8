using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura generate --context</c> as a user runs it: the template it picks and why, the rows, the errors.</summary>
public sealed class GenerateContextCommandTests
{
    [Fact]
    public async Task The_issue_example_generates_the_ecommerce_template_into_SQLite_and_says_why()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "generate", "--target", "sqlite:shop.db", "--context", "e-commerce platform selling electronics",
            "--rows", "users=500,orders=2500,products=50", "--locale", "en_US", "--seed", "5", "--summary", "summary.json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("template ecommerce", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("vocabulary electronics", r.StdErr, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "summary.json")));
        var rows = summary.RootElement.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("target").GetString()!, t => t.GetProperty("rows").GetInt64());
        Assert.Equal(500, rows["users"]);
        Assert.Equal(2500, rows["orders"]);
        Assert.Equal(50, rows["products"]);
        Assert.Equal(7500, rows["order_items"]);
        var db = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "shop.db"));
        Assert.Equal(0, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
        Assert.Equal(7500, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM order_items"));
    }

    [Fact]
    public async Task A_context_without_keywords_exits_2_listing_the_templates_and_writes_nothing()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "generate", "--target", "sqlite:x.db", "--context", "weather station telemetry", "--rows", "users=10");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS780", r.StdErr, StringComparison.Ordinal);
        foreach (var name in new[] { "ecommerce", "healthcare", "banking", "saas", "hr" }) Assert.Contains(name, r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "x.db")));
    }

    [Fact]
    public async Task A_table_the_template_lacks_exits_2_naming_its_tables()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "generate", "--target", "sqlite:x.db", "--context", "hospital", "--rows", "customers=10");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS781", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("patients", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "x.db")));
    }

    [Fact]
    public async Task Context_and_schema_together_are_refused()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "generate", "--target", "sqlite:x.db", "--context", "bank", "--schema", "catalog.json", "--rows", "customers=10");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--context", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "x.db")));
    }

    [Fact]
    public async Task Help_says_context_is_a_keyword_matched_template_library()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "generate", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--context", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("not a language model", r.StdOut.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
