namespace Obscura.Cli.Tests;

/// <summary><c>obscura serve --access FILE --policy FILE</c>: bad settings stop the start with their code and place.</summary>
public sealed class ServeAccessCommandTests
{
    [Fact]
    public async Task Serve_refuses_a_bad_access_file_or_a_missing_policy_before_listening()
    {
        var dir = CliRunner.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "service.db");
        var access = Path.Combine(dir, "access.json");
        await File.WriteAllTextAsync(access, """{ "allowed_networks": ["10.0.0.0/8", "10.0.0.300/32"], "rate_limit": { "permit_limit": 0 } }""");
        var bad = await CliRunner.RunAsync(dir, null, "serve", "--store", store, "--audit-log", Path.Combine(dir, "a.jsonl"), "--access", access, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("OBS930", bad.StdErr, StringComparison.Ordinal);
        Assert.Contains("allowed_networks[1]", bad.StdErr, StringComparison.Ordinal);
        Assert.Contains("rate_limit.permit_limit", bad.StdErr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(access, """{ "allowed_netwroks": ["10.0.0.0/8"] }""");
        var typo = await CliRunner.RunAsync(dir, null, "serve", "--store", store, "--audit-log", Path.Combine(dir, "b.jsonl"), "--access", access, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("allowed_netwroks", typo.StdErr, StringComparison.Ordinal);

        var policy = await CliRunner.RunAsync(dir, null, "serve", "--store", store, "--audit-log", Path.Combine(dir, "c.jsonl"), "--policy", Path.Combine(dir, "none.yaml"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, policy.ExitCode);
        Assert.Contains("none.yaml", policy.StdErr, StringComparison.Ordinal);
    }
}
