using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>Strategy plug-ins load by path from the config and work in a copy like built-ins.</summary>
public sealed class PluginTests
{
    private static string PluginPath()
    {
        // The sample plug-in is built beside this test project; find its output for the same configuration.
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repo.FullName, "Obscura.slnx"))) repo = repo.Parent!;
        return Path.Combine(repo.FullName, "tests", "Obscura.SamplePlugin", "bin", config, "net10.0", "Obscura.SamplePlugin.dll");
    }

    [Fact]
    public async Task A_plugin_strategy_named_in_the_config_transforms_a_column()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-plugin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var configPath = Path.Combine(dir, "obscura.yaml");
        await File.WriteAllTextAsync(configPath, $"""
            plugins:
              - {PluginPath()}
            tables:
              department:
                columns:
                  name: {"{"} strategy: reverse {"}"}
            """);
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var target = await TestDatabases.CreateAsync("sqlite", "plugin_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = ConfigLoader.LoadFile(configPath), Tables = ["department"],
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        var names = await TestDatabases.QueryAsync(target, "SELECT name FROM department ORDER BY name");
        Assert.All(names, r => Assert.EndsWith("tnemtrapeD", (string)r[0]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_plugin_is_a_config_error_with_its_line()
    {
        var config = ConfigLoader.Parse("""
            plugins:
              - /no/such/plugin.dll
            tables: {}
            """, Path.Combine(Path.GetTempPath(), "obscura.yaml"));
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var target = await TestDatabases.CreateAsync("sqlite", "plugin_missing");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(
            new CopyOptions { Source = source, Target = target, Config = config }));
        Assert.Contains("/no/such/plugin.dll", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
