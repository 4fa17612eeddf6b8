using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Strategies;

/// <summary>shuffle keeps a column's exact multiset of values, breaks their links to rows, keeps NULLs, and is repeatable.</summary>
public sealed class ShuffleTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Shuffle_keeps_the_values_and_their_counts_but_moves_them_between_rows(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "shuffle_src");
        var rows = string.Join(", ", Enumerable.Range(1, 2000).Select(i => $"({i}, {(i % 50 == 0 ? "NULL" : $"'city{i % 37}'")})"));
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE person (id integer PRIMARY KEY, city varchar(20))", $"INSERT INTO person (id, city) VALUES {rows}");
        var config = ConfigLoader.Parse("""
            tables:
              person:
                columns:
                  city: { strategy: shuffle }
            """);
        async Task<List<object?[]>> CopyAsync()
        {
            var target = await TestDatabases.CreateAsync("sqlite", "shuffle_dst");
            var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
            {
                Source = source, Target = target, Config = config, Secret = RunSecret.FromText("shuffle-test-secret-0123456789"),
            });
            Assert.True(result.Succeeded, result.Summary.Error);
            return await TestDatabases.QueryAsync(target, "SELECT id, city FROM person ORDER BY id");
        }

        var before = await TestDatabases.QueryAsync(source, "SELECT id, city FROM person ORDER BY id");
        var after = await CopyAsync();
        Assert.Equal(before.Count, after.Count);
        // Same multiset, NULLs exactly where they were, most values moved.
        Assert.Equal(before.Select(r => r[1] as string).Order(), after.Select(r => r[1] as string).Order());
        Assert.All(before.Zip(after), p => Assert.Equal(p.First[1] is null, p.Second[1] is null));
        Assert.True(before.Zip(after).Count(p => Equals(p.First[1], p.Second[1])) < before.Count / 10);
        // Same data and secret: the same permutation.
        Assert.Equal(after.Select(r => r[1]), (await CopyAsync()).Select(r => r[1]));
    }
}
