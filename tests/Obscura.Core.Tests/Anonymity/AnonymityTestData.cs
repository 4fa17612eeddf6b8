using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

/// <summary>Small tables for the anonymity tests: a numeric age and a categorical job with a three-level hierarchy.</summary>
internal static class AnonymityTestData
{
    public static readonly string[] JobLines =
    [
        "nurse;health;*",
        "doctor;health;*",
        "teacher;education;*",
        "lecturer;education;*",
        "clerk;office;*",
        "typist;office;*",
    ];

    public static Hierarchy Jobs()
    {
        var bag = new DiagnosticBag();
        var h = Hierarchy.Parse("job.csv", JobLines, bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Items));
        return h;
    }

    public static NumericDomain Ages(IEnumerable<int> ages)
    {
        var distinct = ages.Distinct().Order().ToArray();
        return new NumericDomain("age", distinct.Select(a => (double)a).ToArray(), distinct.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A table of (age, job, sensitive) rows.</summary>
    public static EncodedTable Table(IReadOnlyList<(int Age, string Job, int Sensitive)> rows)
    {
        var ages = Ages(rows.Select(r => r.Age));
        var jobs = new CategoricalDomain("job", Jobs());
        var ageCodes = rows.Select(r => ages.CodeOf(r.Age)).ToArray();
        var jobCodes = rows.Select(r => jobs.Hierarchy.LeafOf(r.Job)).ToArray();
        return new EncodedTable([ages, jobs], [ageCodes, jobCodes], rows.Count, rows.Select(r => r.Sensitive).ToArray());
    }

    /// <summary>A random table with a fixed seed: ages 20..79, jobs from the hierarchy, a sensitive value of 0..sensitiveValues−1.</summary>
    public static EncodedTable Random(int seed, int rows, int sensitiveValues = 3)
    {
        var random = new Random(seed);
        var jobs = JobLines.Select(l => l.Split(';')[0]).ToArray();
        return Table(Enumerable.Range(0, rows).Select(_ => (20 + random.Next(60), jobs[random.Next(jobs.Length)], random.Next(sensitiveValues))).ToList());
    }

    /// <summary>Checks k, the models and truthful labels (each row's values are covered; labels are the domain's own).</summary>
    public static void AssertValid(EncodedTable table, Anonymization result, ReleaseCriteria criteria)
    {
        Assert.True(result.Suppressed <= criteria.SuppressionBudget(table.Rows), $"{result.Suppressed} suppressed");
        var members = new List<int>[result.Classes.Count];
        for (var c = 0; c < members.Length; c++) members[c] = [];
        for (var r = 0; r < table.Rows; r++)
        {
            if (result.ClassOf[r] >= 0) members[result.ClassOf[r]].Add(r);
        }
        for (var c = 0; c < members.Length; c++)
        {
            var cls = result.Classes[c];
            Assert.Equal(members[c].Count, cls.Size);
            Assert.True(cls.Size >= criteria.K, $"class {c} has {cls.Size} rows");
            var counts = new int[table.SensitiveValues];
            foreach (var r in members[c])
            {
                Assert.True(cls.Covers(table.Codes, r), $"row {r} is not covered by its class's labels");
                if (table.Sensitive is not null) counts[table.Sensitive[r]]++;
            }
            foreach (var m in criteria.Models) Assert.True(m.Holds(counts, cls.Size), $"class {c} breaks {m.Name}");
            for (var q = 0; q < table.Attributes.Count; q++)
            {
                var a = table.Attributes[q];
                var lo = members[c].Min(r => table.Codes[q][r]);
                var hi = members[c].Max(r => table.Codes[q][r]);
                if (a is NumericDomain n)
                {
                    var parsed = NumericDomain.ParseLabel(cls.Labels[q]);
                    Assert.NotNull(parsed);
                    Assert.True(parsed.Value.Lo <= n.Value(lo) && parsed.Value.Hi >= n.Value(hi), $"label {cls.Labels[q]} does not cover its rows");
                }
                else
                {
                    var h = ((CategoricalDomain)a).Hierarchy;
                    var covered = h.Covering(cls.Labels[q]);
                    Assert.NotNull(covered);
                    Assert.True(covered.Value.First <= lo && covered.Value.Last >= hi, $"label {cls.Labels[q]} does not cover its rows");
                }
            }
        }
    }
}
