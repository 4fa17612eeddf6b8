using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy;
using Obscura.Core.Schema;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Generate.Profiled;

/// <summary>
/// Releases a profile with differential privacy, so data generated from it (<see cref="ProfileSpecs"/>) is differentially
/// private with respect to the source: only noisy single-column marginals, row counts and fan-outs leave, and only
/// values or bins that many rows share.
/// </summary>
/// <remarks>
/// <para><b>Unit.</b> Neighbouring databases differ in one row of each table (a person contributes at most one row per
/// table). A person with k rows in a table is protected at k times that table's share (group privacy).</para>
/// <para><b>Accounting.</b> The statistics released are fixed by the schema alone (type classes, personal-data flags,
/// foreign keys), never by the data: per table its row count; per column that is not a key (primary key or
/// unique: the generator makes those) one "values" statistic (the NULL count and
/// the value distribution: a row is in exactly one of them, so both cost one share by parallel composition) and, for
/// text, one "lengths" statistic; per foreign key its fan-out. ε is split evenly over all of them across the database
/// and δ evenly over those with a threshold; a person may be in every table, so the shares add up (sequential
/// composition) to (ε, δ).</para>
/// <para><b>Mechanisms</b> (<see cref="Obscura.Core.Privacy"/>): row and NULL counts — Laplace, sensitivity 1; booleans and
/// text lengths — noisy histograms over public buckets; numbers, dates and times — the profile's histogram bins released
/// as keys past the threshold τ, so no raw minimum or maximum (an outlier's own bin) comes out; categorical text — top
/// values past τ (a value held by one row is released with probability at most δ); fan-out — a histogram of children
/// per parent over public buckets (0 to 15 one by one, then powers of two) with sensitivity 2 (a child row moves its parent from
/// one count to the next). Counts are rounded, clamped at
/// zero and renormalized by the generator (post-processing). Minimum, maximum, mean, standard deviation, distinct
/// counts and shapes are not released.</para>
/// <para><b>Limits.</b> The bin grid of a histogram (a power-of-two width chosen so the data spans at most 64 bins) is
/// taken from the profile without noise: an extreme value can change the width. Top values of a column with more than
/// 64 distinct values come from a fixed-size summary whose membership is not a low-sensitivity function of the data;
/// the τ threshold still keeps rare values out, but the formal guarantee holds for complete frequency tables
/// (<see cref="ColumnProfile.TopValuesComplete"/>). Cross-column correlations are not released (nor generated).</para>
/// </remarks>
public static class ProfileRelease
{
    /// <summary>What neighbouring databases differ in.</summary>
    public const string Unit = "one row of each table (a person contributes at most one row per table)";

    /// <summary>The statistics that would be released and the share of each; fails on a bad budget.</summary>
    /// <exception cref="ObscuraConfigException">ε or δ out of range (<see cref="DiagnosticCodes.InvalidEpsilon"/>).</exception>
    public static ProfilePrivacy Account(ProfileReport profile, ProfileReleaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new DiagnosticBag();
        if (!(options.Epsilon > 0 && double.IsFinite(options.Epsilon)))
            diagnostics.Error("--epsilon", DiagnosticCodes.InvalidEpsilon, "ε must be a positive finite number (e.g. 1)");
        if (!(options.Delta > 0 && options.Delta < 1))
            diagnostics.Error("--delta", DiagnosticCodes.InvalidEpsilon, "δ must be between 0 and 1 (exclusive)");
        diagnostics.ThrowIfErrors("the profile cannot be released");

        var planned = new List<(string Table, string Statistic, string Mechanism, bool Thresholded)>();
        foreach (var table in profile.Tables)
        {
            planned.Add((table.Name, "rows", "Laplace count", false));
            foreach (var column in table.Columns)
            {
                // A unique column's values are keys the generator makes itself: nothing of it is released.
                if (IsKey(column)) continue;
                var (mechanism, thresholded) = ValuesMechanism(column);
                planned.Add((table.Name, column.Name + ".values", mechanism, thresholded));
                if (HasLengths(column)) planned.Add((table.Name, column.Name + ".lengths", "Laplace histogram over public length buckets", false));
            }
            foreach (var f in table.FanOut ?? [])
                planned.Add((table.Name, $"fan_out({f.ForeignKey})", "Laplace histogram of children per parent over public buckets (sensitivity 2)", false));
        }
        var epsilon = options.Epsilon / Math.Max(1, planned.Count);
        var delta = options.Delta / Math.Max(1, planned.Count(p => p.Thresholded));
        return new ProfilePrivacy
        {
            Epsilon = options.Epsilon,
            Delta = options.Delta,
            Unit = Unit,
            Statistics = planned.Select(p => new PrivacyShare(p.Table, p.Statistic, p.Mechanism, epsilon, p.Thresholded ? delta : 0)).ToList(),
        };
    }

    /// <summary>Releases <paramref name="profile"/> at the budget of <paramref name="options"/>, drawing noise from <paramref name="rng"/>.</summary>
    /// <param name="profile">The profile of the source (exact).</param>
    /// <param name="options">The budget.</param>
    /// <param name="rng">The noise source: <see cref="CryptoPrivacyRandom"/> for real releases.</param>
    /// <exception cref="ObscuraConfigException">ε or δ out of range.</exception>
    public static ProfileReport Release(ProfileReport profile, ProfileReleaseOptions options, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var privacy = Account(profile, options);
        var shares = privacy.Statistics.ToDictionary(s => (s.Table, s.Statistic));
        var tables = new List<TableProfile>(profile.Tables.Count);
        foreach (var table in profile.Tables)
        {
            var rowsShare = shares[(table.Name, "rows")];
            // At least one row (post-processing): a table the schema has is generated, however small the noisy count.
            var rows = Math.Max(1, Count(new LaplaceMechanism(rowsShare.Epsilon, 1).Release(table.Rows, rng).Value));
            var columns = table.Columns.Select(c => IsKey(c)
                ? new ColumnProfile { Name = c.Name, DeclaredType = c.DeclaredType, TypeClass = c.TypeClass, Pii = c.Pii, DistinctFrom = c.DistinctFrom }
                : ReleaseColumn(c, rows, shares[(table.Name, c.Name + ".values")], HasLengths(c) ? shares[(table.Name, c.Name + ".lengths")] : null, rng)).ToList();
            var fanOut = table.FanOut?.Select(f => ReleaseFanOut(f, shares[(table.Name, $"fan_out({f.ForeignKey})")], rows, rng)).ToList();
            tables.Add(new TableProfile { Name = table.Name, Rows = rows, Columns = columns, FanOut = fanOut });
        }
        return new ProfileReport
        {
            Provider = profile.Provider,
            ServerVersion = profile.ServerVersion,
            Database = profile.Database,
            Source = profile.Source,
            StartedAt = profile.StartedAt,
            Rows = tables.Sum(t => t.Rows),
            Jobs = profile.Jobs,
            Methods = profile.Methods,
            Privacy = privacy,
            Tables = tables,
        };
    }

    private static readonly string[] NotReleased = ["min", "max", "mean", "stddev", "distinct", "patterns"];

    private static (string Mechanism, bool Thresholded) ValuesMechanism(ColumnProfile column)
    {
        if (column.Pii) return ("Laplace NULL count (personal data: no values)", false);
        return column.TypeClass switch
        {
            TypeClass.Boolean => ("Laplace NULL count and histogram over {true, false}", false),
            TypeClass.Integer or TypeClass.Decimal or TypeClass.Float or TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time
                => ("Laplace NULL count and histogram bins past τ", true),
            TypeClass.Binary => ("Laplace NULL count", false),
            _ => ("Laplace NULL count and top values past τ", true),
        };
    }

    private static bool IsKey(ColumnProfile column) => column.DistinctFrom is not null;

    private static bool HasLengths(ColumnProfile column) => !column.Pii && column.TypeClass is TypeClass.Text or TypeClass.Json;

    private static ColumnProfile ReleaseColumn(ColumnProfile column, long rows, PrivacyShare values, PrivacyShare? lengths, IPrivacyRandom rng)
    {
        // NULL rows and non-NULL rows are disjoint: the NULL count and the value distribution share one ε (parallel composition).
        var nulls = Count(new LaplaceMechanism(values.Epsilon, 1).Release(column.Nulls, rng).Value);
        var released = new ColumnProfile
        {
            Name = column.Name,
            DeclaredType = column.DeclaredType,
            TypeClass = column.TypeClass,
            Pii = column.Pii,
            Nulls = nulls,
            NullRatio = rows == 0 ? 0 : Math.Round(Math.Min(1, (double)nulls / rows), 6),
            Unit = column.Unit,
            Withheld = [.. NotReleased, .. column.Pii ? (string[])["top_values", "histogram"] : []],
        };
        if (column.Pii) return released;
        switch (column.TypeClass)
        {
            case TypeClass.Boolean:
                var counts = new long[2];
                foreach (var v in column.TopValues ?? []) counts[v.Value == "true" ? 0 : 1] = v.Count;
                var noisy = NoisyHistogram.Release(counts, ContributionBound.Single, NoiseKind.Laplace, values.Epsilon, 0, rng).Counts;
                return released with
                {
                    TopValues = new[] { new ValueCount("true", noisy[0], 0), new ValueCount("false", noisy[1], 0) }.Where(v => v.Count > 0).ToList(),
                    TopValuesComplete = true,
                };
            case TypeClass.Integer or TypeClass.Decimal or TypeClass.Float or TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time:
                return released with { Histogram = ReleaseHistogram(column.Histogram, rows - nulls, values, rng) };
            case TypeClass.Binary:
                return released;
            default:
                var top = column.TopValues ?? [];
                // Counts of a summary that is not complete are upper bounds: release the guaranteed part.
                var candidates = top.Select((v, i) => new KeyValuePair<int, long>(i, v.Count - v.Error)).Where(c => c.Value > 0);
                var categories = NoisyHistogram.TopCategories(candidates, top.Count, ContributionBound.Single, NoiseKind.Laplace, values.Epsilon, values.Delta, rng);
                return released with
                {
                    TopValues = categories.Select(c => new ValueCount(top[c.Key].Value, c.Count, 0)).ToList(),
                    Length = lengths is null ? null : ReleaseLengths(column.Length, lengths, rng),
                };
        }
    }

    private static HistogramSummary? ReleaseHistogram(HistogramSummary? histogram, long values, PrivacyShare share, IPrivacyRandom rng)
    {
        if (histogram is null || histogram.Bins.Count == 0) return histogram is null ? null : histogram with { Bins = [] };
        var bins = Coarsen(histogram.Bins, values, share);
        var candidates = bins.Select((b, i) => new KeyValuePair<int, long>(i, b.Count)).Where(c => c.Value > 0);
        var kept = NoisyHistogram.TopCategories(candidates, bins.Count, ContributionBound.Single, NoiseKind.Laplace, share.Epsilon, share.Delta, rng);
        return histogram with { Width = null, Bins = kept.OrderBy(k => k.Key).Select(k => bins[k.Key] with { Count = k.Count }).ToList() };
    }

    /// <summary>
    /// Adjacent bins merged so that an average bin holds at least twice the threshold τ: otherwise thin bins, whole
    /// stretches of a skewed distribution, fall below τ and vanish. The factor depends only on the released counts
    /// (<paramref name="values"/> = released rows − released NULLs) and the budget, so choosing it is post-processing.
    /// </summary>
    private static List<HistogramBucket> Coarsen(IReadOnlyList<HistogramBucket> bins, long values, PrivacyShare share)
    {
        var tau = GroupThreshold.Tau(share.Epsilon, share.Delta, ContributionBound.Single);
        var factor = 1;
        while (bins.Count / factor > 4 && values / Math.Max(1.0, Math.Ceiling((double)bins.Count / factor)) < 2 * tau) factor *= 2;
        var merged = new List<HistogramBucket>((bins.Count + factor - 1) / factor);
        for (var i = 0; i < bins.Count; i += factor)
        {
            var last = Math.Min(bins.Count, i + factor) - 1;
            long count = 0;
            for (var j = i; j <= last; j++) count += bins[j].Count;
            merged.Add(new HistogramBucket(bins[i].Low, bins[last].High, count));
        }
        return merged;
    }

    private static LengthSummary? ReleaseLengths(LengthSummary? length, PrivacyShare share, IPrivacyRandom rng)
    {
        if (length?.Bins is not { } bins) return null;
        // The length buckets are public (every length below 64, then powers of two): all are released, empty ones too.
        var buckets = PublicLengthBuckets();
        var counts = new long[buckets.Count];
        foreach (var b in bins)
        {
            var index = buckets.FindIndex(x => x.Low == b.Low);
            if (index >= 0) counts[index] = b.Count;
        }
        var release = NoisyHistogram.Release(counts, ContributionBound.Single, NoiseKind.Laplace, share.Epsilon, 0, rng);
        // Post-processing: buckets within the noise of zero are dropped, so noise alone does not stretch the range.
        var floor = NoiseFloor(release, buckets.Count);
        var kept = buckets.Select((b, i) => b with { Count = release.Counts[i] }).Where(b => b.Count > floor).ToList();
        if (kept.Count == 0) return null;
        var total = kept.Sum(b => (double)b.Count);
        var mean = kept.Sum(b => b.Count * (b.Low + (b.High - 1 - b.Low) / 2.0)) / total;
        return new LengthSummary(kept[0].Low, Math.Round(mean, 6), kept[^1].High - 1) { Bins = kept };
    }

    private static List<LengthBin> PublicLengthBuckets()
    {
        var buckets = new List<LengthBin>();
        for (var i = 0; i < 64; i++) buckets.Add(new LengthBin(i, i + 1, 0));
        for (var e = 6; e < 31; e++) buckets.Add(new LengthBin(1 << e, e == 30 ? int.MaxValue : 1 << (e + 1), 0));
        return buckets;
    }

    /// <summary>
    /// Public buckets of children per parent: each count from 0 to 15, then [16, 32), [32, 64), ... A parent with many
    /// children shares its bucket with others of about as many, so large fan-outs survive the noise without a threshold.
    /// </summary>
    private static List<(long Low, long High)> FanOutBuckets()
    {
        var buckets = new List<(long, long)>();
        for (var i = 0; i < 16; i++) buckets.Add((i, i + 1));
        for (var e = 4; e < 40; e++) buckets.Add((1L << e, 1L << (e + 1)));
        return buckets;
    }

    // childRows is the child table's released row count: no parent can have more children (post-processing of released
    // values), so a wide bucket that noise alone carried over the floor cannot blow the table up.
    private static FanOutProfile ReleaseFanOut(FanOutProfile fanOut, PrivacyShare share, long childRows, IPrivacyRandom rng)
    {
        var buckets = FanOutBuckets();
        var counts = new long[buckets.Count];
        foreach (var c in fanOut.Counts)
        {
            var index = buckets.FindIndex(b => c.Children >= b.Low && c.Children < b.High);
            if (index >= 0) counts[index] += c.Parents;
        }
        // One child row more or less moves one parent between two counts: two buckets change by one each.
        var release = NoisyHistogram.Release(counts, new ContributionBound(2, 1), NoiseKind.Laplace, share.Epsilon, 0, rng);
        // Post-processing: buckets within the noise of zero are dropped; a wide bucket spreads its parents evenly over
        // (at most 64 of) its counts.
        var floor = NoiseFloor(release, buckets.Count);
        var released = new List<FanOutCount>();
        for (var i = 0; i < buckets.Count; i++)
        {
            var (low, high) = buckets[i];
            if (release.Counts[i] <= floor || low > childRows) continue;
            high = Math.Min(high, childRows + 1);
            var points = Math.Min(64, high - low);
            var step = (high - low) / points;
            for (long p = 0; p < points; p++) released.Add(new FanOutCount(low + p * step, 0));
            var share0 = release.Counts[i] / points;
            var rest = release.Counts[i] - share0 * points;
            for (var p = 0; p < points; p++)
            {
                var at = released.Count - (int)points + p;
                released[at] = released[at] with { Parents = share0 + (p < rest ? 1 : 0) };
            }
        }
        released.RemoveAll(c => c.Parents == 0);
        return new FanOutProfile { ForeignKey = fanOut.ForeignKey, Parent = fanOut.Parent, ParentRows = released.Sum(c => c.Parents), Counts = released };
    }

    /// <summary>
    /// A count no empty bucket's noise reaches in 95% of releases (Laplace scale b, <paramref name="buckets"/> buckets:
    /// B·½·e^(−t/b) = 5% at t = b·ln(10·B)), so noise alone rarely invents a length or a fan-out.
    /// </summary>
    private static double NoiseFloor(HistogramRelease release, int buckets) => release.Scale * Math.Log(10.0 * buckets);

    private static long Count(double noisy) => noisy <= 0 ? 0 : (long)Math.Round(noisy, MidpointRounding.AwayFromZero);
}
