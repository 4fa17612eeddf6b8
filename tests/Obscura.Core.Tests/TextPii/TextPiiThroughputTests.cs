using System.Diagnostics;
using System.Globalization;
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
    public void Throughput_is_measured(string what, int piiEvery)
    {
        var messages = TextPiiCorpus.Messages(12_000, piiEvery);
        long perPass = 0;
        foreach (var m in messages) perPass += m.Length;
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
        Pass();
        var passes = (int)Math.Max(1, Target / perPass);
        var cpuBefore = ThreadCpuNanoseconds();
        var watch = Stopwatch.StartNew();
        found = 0;
        for (var i = 0; i < passes; i++) Pass();
        watch.Stop();
        var cpu = (ThreadCpuNanoseconds() - cpuBefore) / 1e9;
        var megabytes = perPass * (double)passes / 1e6;
        var cpuRate = cpu > 0 ? $"{megabytes / cpu:N0} MB per CPU-second, " : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text_pii {what}: {megabytes:N0} MB in {watch.Elapsed.TotalSeconds:N2} s: {cpuRate}{megabytes / watch.Elapsed.TotalSeconds:N0} MB/s wall clock; {found / passes} hits per pass of {messages.Length} messages"));
        Assert.True(watch.Elapsed.TotalSeconds > 0);
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
