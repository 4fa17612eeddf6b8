using System.Collections.Concurrent;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>
/// A copy cut into pieces (prepare once, key ranges in any order and any number of times, finish once) must leave the
/// target exactly as one <c>obscura copy</c> does.
/// </summary>
public sealed class PartitionedCopyTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("partitioned-copy-secret-0123456789");

    private static readonly ObscuraConfig Config = ConfigLoader.Parse("""
        tables:
          orders:
            columns:
              email: { strategy: hash }
        """);

    private static async Task<DatabaseUri> SourceAsync()
    {
        var source = await TestDatabases.CreateAsync("postgres", "part_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 500) AS i",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), email TEXT NOT NULL UNIQUE, total NUMERIC(10,2))",
            // Sparse keys with a gap and negatives: ranges are by key value, not by row number.
            "INSERT INTO orders SELECT i, abs(i) % 500 + 1, 'o' || i || '@example.com', i / 4.0 FROM generate_series(-2000, 20000) AS i WHERE i % 7 <> 3 AND (i < 5000 OR i > 9000)",
            "ANALYZE");
        return source;
    }

    private static Task DropAsync(DatabaseUri db) =>
        TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{db.Database}\" WITH (FORCE)");

    private static async Task<object?[]> FingerprintAsync(DatabaseUri db) =>
    [
        .. (await TestDatabases.QueryAsync(db, "SELECT md5(string_agg(id || '|' || customer_id || '|' || email || '|' || total, ',' ORDER BY id)) FROM orders")).Single(),
        .. (await TestDatabases.QueryAsync(db, "SELECT md5(string_agg(id || '|' || name, ',' ORDER BY id)) FROM customers")).Single(),
        .. (await TestDatabases.QueryAsync(db, "SELECT string_agg(conname::text || ':' || contype::text, ',' ORDER BY conname) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")).Single(),
    ];

    [Fact]
    public async Task Pieces_run_in_any_order_and_twice_give_the_target_one_copy_gives()
    {
        var source = await SourceAsync();
        var whole = await TestDatabases.CreateAsync("postgres", "part_whole");
        var pieces = await TestDatabases.CreateAsync("postgres", "part_pieces");
        try
        {
            var runtime = ObscuraRuntime.CreateDefault();
            var reference = await new CopyService(runtime).RunAsync(new CopyOptions { Source = source, Target = whole, Config = Config, Secret = Secret });
            Assert.True(reference.Succeeded, reference.Summary.Error);

            var service = new PartitionedCopyService(runtime);
            var options = new CopyOptions { Source = source, Target = pieces, Config = Config, Secret = Secret };
            Assert.Null(await service.WhyNotPartitionableAsync(options, 0, CancellationToken.None));
            var plan = await service.PrepareAsync(options, 3000, null, CancellationToken.None);
            var orderPieces = plan.Partitions.Where(p => p.Table == "orders").ToList();
            Assert.True(orderPieces.Count >= 5, $"{orderPieces.Count} pieces");
            Assert.Equal("id", orderPieces[0].KeyColumn);
            Assert.Null(orderPieces[0].From);
            Assert.Null(orderPieces[^1].To);
            Assert.Single(plan.Partitions, p => p.Table == "customers" && p.KeyColumn is null);

            // Reverse order, each piece's first delivery without the delete of its (empty) range, the first piece twice
            // (a second delivery rewrites its range), and one attempt that loses ownership and rolls back.
            var rows = new ConcurrentDictionary<string, long>();
            foreach (var (p, first) in plan.Partitions.Reverse().Select(p => (p, true)).Append((plan.Partitions[0], false)))
            {
                var n = await service.CopyPartitionAsync(options, p, new PartitionAttempt { First = first }, CancellationToken.None);
                Assert.True(n >= 0);
                rows[$"{p.Table}:{p.Index}"] = n;
            }
            Assert.Equal(-1, await service.CopyPartitionAsync(options, orderPieces[1], new PartitionAttempt { BeforeCommit = (_, _) => Task.FromResult(false) }, CancellationToken.None));
            var byTable = plan.Partitions.GroupBy(p => new Core.Schema.TableName(p.Schema, p.Table).ToString())
                .ToDictionary(g => g.Key, g => g.Sum(p => rows[$"{p.Table}:{p.Index}"]));
            var result = await service.FinishAsync(options, plan, byTable, null, CancellationToken.None);
            Assert.True(result.Succeeded, result.Summary.Error);
            Assert.Equal(reference.Summary.Rows, result.Summary.Rows);
            Assert.Equal(await FingerprintAsync(whole), await FingerprintAsync(pieces));

            // A finish delivered again after its worker died mid-way: reset what it built, build it all again.
            await TestDatabases.ExecuteAsync(pieces, "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey");
            await service.ResetFinishAsync(options, CancellationToken.None);
            Assert.Equal(0, await TestDatabases.CountAsync(pieces, "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace"));
            var again = await service.FinishAsync(options, plan, byTable, null, CancellationToken.None);
            Assert.True(again.Succeeded, again.Summary.Error);
            Assert.Equal(await FingerprintAsync(whole), await FingerprintAsync(pieces));
        }
        finally
        {
            foreach (var db in new[] { source, whole, pieces }) await DropAsync(db);
        }
    }

    [Fact]
    public async Task A_finish_that_finds_other_counts_fails_and_drops_the_tables()
    {
        var source = await SourceAsync();
        var target = await TestDatabases.CreateAsync("postgres", "part_fail");
        try
        {
            var service = new PartitionedCopyService(ObscuraRuntime.CreateDefault());
            var options = new CopyOptions { Source = source, Target = target, Config = Config, Secret = Secret };
            var plan = await service.PrepareAsync(options, 3000, null, CancellationToken.None);
            foreach (var p in plan.Partitions.Skip(1)) await service.CopyPartitionAsync(options, p, new PartitionAttempt(), CancellationToken.None);
            // One piece never ran: the counts the pieces report cannot be met.
            var claimed = plan.Partitions.GroupBy(p => new Core.Schema.TableName(p.Schema, p.Table).ToString()).ToDictionary(g => g.Key, g => g.Sum(p => p.EstimatedRows));
            var result = await service.FinishAsync(options, plan, claimed, null, CancellationToken.None);
            Assert.False(result.Succeeded);
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));

            // Subsets and non-PostgreSQL targets run in one piece.
            var sqlite = await TestDatabases.CreateAsync("sqlite", "part_sqlite");
            Assert.NotNull(await service.WhyNotPartitionableAsync(options with { Target = sqlite }, 0, CancellationToken.None));
        }
        finally
        {
            foreach (var db in new[] { source, target }) await DropAsync(db);
        }
    }
}
