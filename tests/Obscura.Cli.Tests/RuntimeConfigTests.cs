using System.Text.Json;

namespace Obscura.Cli.Tests;

/// <summary>
/// The runtime settings the shipped <c>obscura</c> depends on for its measured speed and latency (docs/benchmarks.md):
/// losing one in a project-file edit would not fail any functional test, only a benchmark much later.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_shipped_runtimeconfig_keeps_the_measured_runtime_settings()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "obscura.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Server GC: the workstation GC's 20-55 ms pauses were the service's request-latency tail under a copy.
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        // No instrumented tier: a worker's hot row loops reach optimized code sooner.
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        // Idle pool threads block instead of spinning (a quarter of a core during a profile's reading pass).
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
