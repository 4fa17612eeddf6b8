using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Tests.Support;
using Xunit.Abstractions;

namespace Obscura.Core.Tests.Faker;

/// <summary>Measures values per second on one core (reported, not asserted: CI machines vary).</summary>
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
        const int count = 400_000;
        var inputs = new string[4096];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = "Person Name " + i.ToString(CultureInfo.InvariantCulture);
        if (kind == "ssn") for (var i = 0; i < inputs.Length; i++) inputs[i] = (100_000_000 + i * 9973).ToString("000-00-0000", CultureInfo.InvariantCulture);
        var t = FakerBind.Transformer(kind, Columns.Text("v", 100), unique: unique);
        for (var i = 0; i < 20_000; i++) t.Transform(inputs[i & 4095]);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) t.Transform(inputs[i & 4095]);
        watch.Stop();
        var perSecond = count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"faker {kind}{(unique ? " (unique)" : "")}: {perSecond:N0} values/s ({watch.Elapsed.TotalMilliseconds * 1_000_000 / count:N0} ns/value)");
        Assert.True(perSecond > 0);
    }
}
