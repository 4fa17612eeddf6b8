using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy;
using Obscura.Engine.Generate.Profiled;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// <c>--epsilon</c>: the profile of a 20,000-customer source released with ε = 1 still generates data close to the
/// source, the budget adds up, and no value held by a single row is released.
/// </summary>
public abstract class ProfileReleaseTests
{
    /// <summary>The seeded 20,000-customer source.</summary>
    protected abstract Task<ProfiledSource> SourceAsync();

    /// <summary>Creates the engine's source once.</summary>
    protected static Lazy<Task<ProfiledSource>> Once(string provider) => new(() => ProfiledSource.CreateAsync(provider, 20_000, seed: 7));

    // Test-only noise: reproducible, so a failure can be replayed (a real release uses CryptoPrivacyRandom).
    private static ProfileReport Release(ProfileReport profile, double epsilon, ulong seed) =>
        ProfileRelease.Release(profile, new ProfileReleaseOptions { Epsilon = epsilon }, new DeterministicTestRandom(seed));

    [Fact]
    public async Task Generated_data_from_a_released_profile_stays_close_with_epsilon_1()
    {
        var source = await SourceAsync();
        var report = await ProfileFollowingTests.ProfileAsync(source);
        var catalog = await ObscuraRuntime.CreateDefault().Connect(source.Uri).InspectAsync(CancellationToken.None);
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            var released = Release(report, 1, seed);
            // Noise and the τ threshold cost accuracy: KS and TV within 0.15, NULL ratios within 0.03.
            ProfileFollowingTests.AssertClose(source, Generated.From(released, catalog, seed: 5), ks: 0.15, tv: 0.15, nulls: 0.03);
        }
    }

    [Fact]
    public async Task No_value_held_by_one_row_is_released_and_nothing_raw_remains()
    {
        var source = await SourceAsync();
        var report = await ProfileFollowingTests.ProfileAsync(source);
        Assert.Contains(ProfileFollowingTests.Column(report, "customers", "segment").TopValues!, v => v.Value == ProfiledSource.RareSegment);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var released = Release(report, 1, seed);
            var json = ProfileJson.Serialize(released);
            Assert.DoesNotContain(ProfiledSource.RareSegment, json, StringComparison.Ordinal);
            foreach (var table in released.Tables)
            {
                var exact = report.Tables.Single(t => t.Name == table.Name);
                foreach (var column in table.Columns)
                {
                    var original = exact.Columns.Single(c => c.Name == column.Name);
                    Assert.Null(column.Min);
                    Assert.Null(column.Max);
                    Assert.Null(column.Mean);
                    Assert.Null(column.Patterns);
                    // Every released value and bin is one many rows share in the source.
                    foreach (var value in column.TopValues ?? [])
                        Assert.True(original.TopValues!.Single(v => v.Value == value.Value).Count > 1, $"{table.Name}.{column.Name}");
                    foreach (var bin in column.Histogram?.Bins ?? [])
                    {
                        // A released bin is one of the profile's bins or several adjacent ones merged.
                        var bins = original.Histogram!.Bins;
                        var first = bins.ToList().FindIndex(b => Equals(b.Low?.ToString(), bin.Low?.ToString()));
                        var last = bins.ToList().FindIndex(b => Equals(b.High?.ToString(), bin.High?.ToString()));
                        Assert.True(first >= 0 && last >= first, $"{table.Name}.{column.Name}: a bin not on the profile's grid");
                        Assert.True(bins.Skip(first).Take(last - first + 1).Sum(b => b.Count) > 1, $"{table.Name}.{column.Name}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task The_budget_is_split_over_a_fixed_list_of_statistics_and_adds_up()
    {
        var source = await SourceAsync();
        var report = await ProfileFollowingTests.ProfileAsync(source);
        var privacy = ProfileRelease.Account(report, new ProfileReleaseOptions { Epsilon = 1, Delta = 1e-6 });
        Assert.Equal(1, privacy.Statistics.Sum(s => s.Epsilon), 9);
        Assert.Equal(1e-6, privacy.Statistics.Sum(s => s.Delta), 15);
        // customers: rows, 6 non-key columns, lengths of segment and note (email is personal data); orders: rows, 3 non-key
        // columns, lengths of status, fan-out. Primary keys release nothing.
        Assert.Equal(15, privacy.Statistics.Count);
        Assert.DoesNotContain(privacy.Statistics, s => s.Statistic == "id.values");
        Assert.Contains(privacy.Statistics, s => s.Statistic == "fan_out(customer_id)");
        Assert.Equal(privacy, Release(report, 1, 9).Privacy! with { Statistics = privacy.Statistics });
        Assert.Equal(privacy.Statistics, Release(report, 1, 9).Privacy!.Statistics);

        var ex = Assert.Throws<ObscuraConfigException>(() => ProfileRelease.Account(report, new ProfileReleaseOptions { Epsilon = 0 }));
        Assert.Equal(DiagnosticCodes.InvalidEpsilon, Assert.Single(ex.Diagnostics).Code);
        Assert.Throws<ObscuraConfigException>(() => ProfileRelease.Account(report, new ProfileReleaseOptions { Epsilon = double.PositiveInfinity }));
    }
}

/// <summary>PostgreSQL.</summary>
public sealed class PostgresProfileReleaseTests : ProfileReleaseTests
{
    private static readonly Lazy<Task<ProfiledSource>> Source = Once("postgres");
    protected override Task<ProfiledSource> SourceAsync() => Source.Value;
}

/// <summary>SQLite.</summary>
public sealed class SqliteProfileReleaseTests : ProfileReleaseTests
{
    private static readonly Lazy<Task<ProfiledSource>> Source = Once("sqlite");
    protected override Task<ProfiledSource> SourceAsync() => Source.Value;
}
