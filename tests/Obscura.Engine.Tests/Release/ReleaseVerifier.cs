using System.Globalization;

namespace Obscura.Engine.Tests.Release;

/// <summary>
/// Checks a released table against the original rows on its own — nothing of the release code is used: every label
/// covers its row's original value (matched by id), every class of equal labels has at least k rows (and both
/// salary classes when asked), and NCP as defined: numeric (hi − lo)/range, categorical (leaves under the label − 1) /
/// (leaves − 1) from ARX's hierarchy files, each suppressed row counting 1 per quasi-identifier.
/// </summary>
internal static class ReleaseVerifier
{
    public sealed record Outcome(double Ncp, int Suppressed, int Classes);

    public static Outcome Verify(IReadOnlyList<Dictionary<string, string>> released, int k, string? diverseColumn)
    {
        var original = AdultDataset.Rows;
        var qis = AdultDataset.QuasiIdentifiers;
        var hierarchies = qis.Where(q => q != "age").ToDictionary(q => q, q =>
            File.ReadAllLines(Path.Combine(AdultDataset.Hierarchies, q.Replace('-', '_') + ".csv")).Where(l => l.Length > 0).Select(l => l.Split(';')).ToArray());
        var ages = original.Select(r => double.Parse(r["age"], CultureInfo.InvariantCulture)).ToList();
        var ageRange = ages.Max() - ages.Min();

        double cells = 0;
        var seen = new HashSet<string>();
        foreach (var row in released)
        {
            Assert.True(seen.Add(row["id"]), $"id {row["id"]} released twice");
            var source = original[int.Parse(row["id"], CultureInfo.InvariantCulture)];
            foreach (var q in qis)
            {
                var label = row[q];
                if (q == "age")
                {
                    var dash = label.IndexOf('-', 1);
                    var lo = double.Parse(dash < 0 ? label : label[..dash], CultureInfo.InvariantCulture);
                    var hi = double.Parse(dash < 0 ? label : label[(dash + 1)..], CultureInfo.InvariantCulture);
                    var value = double.Parse(source["age"], CultureInfo.InvariantCulture);
                    Assert.True(lo <= value && value <= hi, $"age label {label} does not cover id {row["id"]}");
                    cells += (hi - lo) / ageRange;
                    continue;
                }
                var lines = hierarchies[q];
                var under = lines.Where(l => l.Contains(label)).Select(l => l[0]).ToList();
                Assert.True(under.Contains(source[q]), $"{q} label {label} does not cover id {row["id"]}");
                cells += (under.Count - 1) / (double)(lines.Length - 1);
            }
            if (diverseColumn is not null) Assert.Equal(source[diverseColumn], row[diverseColumn]);
        }
        var suppressed = original.Count - released.Count;
        cells += suppressed * qis.Length;

        var classes = released.GroupBy(r => string.Join("\u0001", qis.Select(q => r[q]))).ToList();
        foreach (var c in classes)
        {
            Assert.True(c.Count() >= k, $"a class has {c.Count()} rows, fewer than k = {k}");
            if (diverseColumn is not null) Assert.True(c.Select(r => r[diverseColumn]).Distinct().Count() >= 2, "a class holds one salary class only");
        }
        return new Outcome(cells / (original.Count * (double)qis.Length), suppressed, classes.Count);
    }

    /// <summary>Reads a CSV file the release wrote (header row; no field of Adult needs quoting).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var fields = l.Split(',');
            return header.Select((h, i) => (h, fields[i])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal);
        }).ToList();
    }
}
