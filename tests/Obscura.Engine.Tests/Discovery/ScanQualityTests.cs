using System.Globalization;
using Obscura.Core.Diagnostics;
using Xunit.Abstractions;

namespace Obscura.Engine.Tests.Discovery;

/// <summary>Column-level recall and precision of <c>scan</c> against hand-labelled truth, per database and overall.</summary>
[Collection(ScanDatasetsCollection.Name)]
public sealed class ScanQualityTests(ScanDatasets datasets, ITestOutputHelper output)
{
    private const double MinRecall = 0.95;
    private const double MinPrecision = 0.90;

    private sealed record Score(int TruePositives, int FalsePositives, int FalseNegatives, int Columns, List<string> Missed, List<string> Wrong)
    {
        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    }

    private static Score Measure(ScannedDataset d)
    {
        int tp = 0, fp = 0, fn = 0;
        var missed = new List<string>();
        var wrong = new List<string>();
        foreach (var f in d.Result.Findings)
        {
            var truth = d.Truth.Contains(GroundTruth.Key(f.Table.Name, f.Column));
            if (truth && f.IsPii) tp++;
            else if (truth) { fn++; missed.Add($"{f.Table.Name}.{f.Column} ({f.Evidence})"); }
            else if (f.IsPii) { fp++; wrong.Add($"{f.Table.Name}.{f.Column} as {f.Kind} ({f.Evidence})"); }
        }
        return new Score(tp, fp, fn, d.Result.Findings.Count, missed, wrong);
    }

    private static string Line(string name, Score s) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-22} columns {s.Columns,4}  PII {s.TruePositives + s.FalseNegatives,3}  found {s.TruePositives + s.FalsePositives,3}  TP {s.TruePositives,3} FP {s.FalsePositives,2} FN {s.FalseNegatives,2}  recall {s.Recall:0.000}  precision {s.Precision:0.000}");

    public static TheoryData<string> Names => [.. ScanDatasets.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Scan_finds_the_labelled_personal_data(string name)
    {
        var d = datasets[name];
        var s = Measure(d);
        output.WriteLine(Line(name, s));
        foreach (var m in s.Missed) output.WriteLine("  missed: " + m);
        foreach (var w in s.Wrong) output.WriteLine("  wrong:  " + w);
        var keys = d.Result.Findings.Select(f => GroundTruth.Key(f.Table.Name, f.Column)).ToHashSet(StringComparer.Ordinal);
        Assert.All(d.Truth, label => Assert.Contains(label, keys));
        Assert.True(s.Recall >= MinRecall, $"recall {s.Recall:0.000}: missed {string.Join("; ", s.Missed)}");
        Assert.True(s.Precision >= MinPrecision, $"precision {s.Precision:0.000}: wrong {string.Join("; ", s.Wrong)}");
    }

    [Fact]
    public void Overall_recall_and_precision_meet_the_bar()
    {
        int tp = 0, fp = 0, fn = 0, columns = 0;
        foreach (var d in datasets.All)
        {
            var s = Measure(d);
            output.WriteLine(Line(d.Name, s));
            tp += s.TruePositives;
            fp += s.FalsePositives;
            fn += s.FalseNegatives;
            columns += s.Columns;
        }
        var overall = new Score(tp, fp, fn, columns, [], []);
        output.WriteLine(Line("overall", overall));
        Assert.True(overall.Recall >= MinRecall, $"recall {overall.Recall:0.000}");
        Assert.True(overall.Precision >= MinPrecision, $"precision {overall.Precision:0.000}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_draft_config_passes_the_planner_without_errors(string name)
    {
        var draft = datasets[name].Result.Draft;
        output.WriteLine(draft.Yaml);
        foreach (var d in draft.Diagnostics) output.WriteLine(d.ToString());
        Assert.Empty(draft.MapperErrors);
        Assert.DoesNotContain(draft.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(draft.Rules > 0);
    }
}
