using Obscura.Core.Diagnostics;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Strategies;

/// <summary><c>suppress_rare</c> on real tables: frequencies are counted in the source, rare values replaced.</summary>
public sealed class SuppressRareTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Values_held_by_fewer_than_k_rows_become_the_placeholder_and_the_rest_are_kept(string provider)
    {
        var source = await StrategyFixtures.PersonSourceAsync(provider);
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  city: { strategy: suppress_rare, k: 5 }
            """);
        Assert.True(result.Succeeded, result.Summary.Error);

        var counts = (await StrategyFixtures.RowsAsync(target, "SELECT city, COUNT(*) FROM person GROUP BY city"))
            .ToDictionary(r => r[0] ?? "<null>", r => long.Parse(r[1]!, System.Globalization.CultureInfo.InvariantCulture));
        var expected = new Dictionary<string, long>
        {
            ["Amsterdam"] = 10, ["Berlin"] = 5, ["*"] = 4 + 1 + 2, ["<null>"] = StrategyFixtures.NullCities,
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), counts.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_row_keeps_its_own_frequent_value()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  city: { strategy: suppress_rare, k: 2, placeholder: "other" }
            """);
        Assert.True(result.Succeeded, result.Summary.Error);
        var src = await StrategyFixtures.RowsAsync(source, "SELECT id, city FROM person ORDER BY id");
        var dst = await StrategyFixtures.RowsAsync(target, "SELECT id, city FROM person ORDER BY id");
        Assert.Equal(src.Count, dst.Count);
        for (var i = 0; i < src.Count; i++)
        {
            var expected = src[i][1] switch
            {
                null => null,
                "Dakar" => "other",
                var city => city,
            };
            Assert.Equal(expected, dst[i][1]);
        }
    }

    [Fact]
    public async Task A_nullable_integer_column_gets_null_and_a_not_null_one_its_placeholder()
    {
        var source = await StrategyFixtures.PersonSourceAsync("postgres");
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  zip:   { strategy: suppress_rare, k: 5, placeholder: "0" }
                  score: { strategy: suppress_rare, k: 100 }
            """);
        Assert.True(result.Succeeded, result.Summary.Error);
        var zips = (await StrategyFixtures.RowsAsync(target, "SELECT zip, COUNT(*) FROM person GROUP BY zip ORDER BY zip"))
            .Select(r => (r[0], r[1])).ToList();
        // Amsterdam (1000) ×10 and Berlin (1001) ×5 stay; Cairo ×4, Dakar ×1, Évora ×2 and the 3 NULL-city rows (999) do not.
        Assert.Equal([("0", "10"), ("1000", "10"), ("1001", "5")], zips);
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM person WHERE score IS NOT NULL"));
    }

    [Fact]
    public async Task A_not_null_integer_column_without_placeholder_is_refused_before_anything_is_written()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  zip: { strategy: suppress_rare }
            """));
        Assert.Contains("placeholder", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_placeholder_that_is_not_of_the_column_type_is_refused()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  zip: { strategy: suppress_rare, placeholder: "n/a" }
            """));
        Assert.Contains("placeholder", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task K_below_two_is_refused()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => StrategyFixtures.CopyAsync(source, "sqlite", """
            tables:
              person:
                columns:
                  city: { strategy: suppress_rare, k: 1 }
            """));
        Assert.Contains("'k'", error.ToString(), StringComparison.Ordinal);
    }
}
