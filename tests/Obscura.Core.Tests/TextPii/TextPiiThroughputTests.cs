using System.Diagnostics;
using System.Globalization;
using System.Text;
using Obscura.Core.Discovery;
using Xunit.Abstractions;

namespace Obscura.Core.Tests.TextPii;

/// <summary>
/// Measures text_pii on generated support-ticket prose (reported, not asserted: machines vary; run with -c Release for
/// real figures). Counts characters, which are bytes for this ASCII-heavy text. Reports wall time and the measuring
/// thread's CPU time (Linux schedstat), which stays meaningful on a busy machine.
/// </summary>
public sealed class TextPiiThroughputTests(ITestOutputHelper output)
{
    private const long Target = 50_000_000;

    [Theory]
    [InlineData("scanner only", 20)]
    [InlineData("fake", 20)]
    [InlineData("fake, no personal data", 0)]
    [InlineData("tag", 20)]
    [InlineData("fake, log lines", 0)]
    public void Throughput_is_measured(string what, int piiEvery)
    {
        var messages = what.EndsWith("log lines", StringComparison.Ordinal) ? TextPiiCorpus.LogLines(60_000) : TextPiiCorpus.Messages(12_000, piiEvery);
        long perPass = 0;
        foreach (var m in messages) perPass += Encoding.UTF8.GetByteCount(m);
        var transformer = TextPiiBind.Transformer(["mode", what.StartsWith("tag", StringComparison.Ordinal) ? "tag" : "fake"]);
        var scanner = PiiScanner.Default;
        var found = 0L;
        void Pass()
        {
            if (what == "scanner only")
            {
                foreach (var m in messages) foreach (var _ in scanner.EnumerateSpans(m)) found++;
            }
            else
            {
                foreach (var m in messages) if (!ReferenceEquals(transformer.Transform(m), m)) found++;
            }
        }
        // Warm up past tiered compilation (pausing so the background JIT gets a core on a busy machine), then keep the
        // best of three rounds of about 50 MB each.
        for (var i = 0; i < 4; i++)
        {
            Pass();
            Thread.Sleep(150);
        }
        var passes = (int)Math.Max(1, Target / perPass);
        var wall = double.MaxValue;
        var cpu = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var cpuBefore = ThreadCpuNanoseconds();
            var watch = Stopwatch.StartNew();
            found = 0;
            for (var i = 0; i < passes; i++) Pass();
            watch.Stop();
            var used = ThreadCpuNanoseconds() - cpuBefore;
            wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
            if (used > 0) cpu = Math.Min(cpu, used / 1e9);
        }
        var megabytes = perPass * (double)passes / 1e6;
        var cpuRate = cpu < double.MaxValue ? $"{megabytes / cpu:N0} MB per CPU-second, " : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text_pii {what}: {megabytes:N0} MB (UTF-8) in {wall:N2} s: {cpuRate}{megabytes / wall:N0} MB/s wall clock; {found / passes} hits per pass of {messages.Length} messages"));
        Assert.True(wall > 0);
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
