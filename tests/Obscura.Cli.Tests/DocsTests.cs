namespace Obscura.Cli.Tests;

/// <summary>The docs that are generated from code stay current.</summary>
public sealed class DocsTests
{
    [Fact]
    public async Task Strategy_reference_in_docs_matches_the_registry()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Obscura.slnx"))) repo = repo.Parent;
        Assert.NotNull(repo);
        var r = await CliRunner.RunAsync(repo.FullName, null, "strategies", "--format", "markdown");
        Assert.Equal(0, r.ExitCode);
        var onDisk = await File.ReadAllTextAsync(Path.Combine(repo.FullName, "docs", "strategies.md"));
        Assert.True(onDisk.ReplaceLineEndings() == r.StdOut.ReplaceLineEndings(),
            "docs/strategies.md is stale: regenerate it with 'obscura strategies --format markdown > docs/strategies.md'");
    }
}
