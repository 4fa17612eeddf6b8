using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Tests.Support;
using Xunit.Abstractions;

namespace Obscura.Core.Tests.Faker;

/// <summary>
/// Measures values per second on one core (reported, not asserted: machines vary). Besides the Stopwatch's wall time
/// it reports per CPU-second of the measuring thread (Linux schedstat), which stays meaningful on a busy machine.
/// </summary>
public sealed class FakerThroughputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("first_name", false)]
    [InlineData("last_name", false)]
    [InlineData("full_name", false)]
    [InlineData("email", false)]
    [InlineData("email", true)]
    [InlineData("username", false)]
    [InlineData("phone", false)]
    [InlineData("credit_card", false)]
    [InlineData("ssn", true)]
    public void Throughput_is_measured(string kind, bool unique)
    {
        const int count = 100_000;
        var inputs = new string[4096];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = kind == "ssn"
                ? (100_000_000 + i * 9973).ToString("000-00-0000", CultureInfo.InvariantCulture)
                : "Person Name " + i.ToString(CultureInfo.InvariantCulture);
        }
        var t = FakerBind.Transformer(kind, Columns.Text("v", 100), unique: unique);
        // Warm up past tiered compilation, then keep the best of a few rounds.
        for (var i = 0; i < 100_000; i++) t.Transform(inputs[i & 4095]);
        var bestWall = double.MaxValue;
        var bestCpu = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var cpuBefore = ThreadCpuNanoseconds();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++) t.Transform(inputs[i & 4095]);
            watch.Stop();
            var cpu = ThreadCpuNanoseconds() - cpuBefore;
            bestWall = Math.Min(bestWall, watch.Elapsed.TotalSeconds);
            if (cpu > 0) bestCpu = Math.Min(bestCpu, cpu / 1e9);
        }
        var cpuRate = bestCpu < double.MaxValue ? $"{count / bestCpu:N0} values per CPU-second ({bestCpu * 1e9 / count:N0} ns), " : string.Empty;
        output.WriteLine($"faker {kind}{(unique ? " (unique)" : "")}: {cpuRate}{count / bestWall:N0} values/s wall clock");
        Assert.True(bestWall > 0);
    }

    // CPU time of the calling thread; 0 where /proc/thread-self/schedstat is not available.
    private static long ThreadCpuNanoseconds()
    {
        const string path = "/proc/thread-self/schedstat";
        if (!File.Exists(path)) return 0;
        var text = File.ReadAllText(path);
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }
}
