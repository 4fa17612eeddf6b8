using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Access;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The API's rate limit with several <c>serve</c> instances on one real PostgreSQL store: one budget per client,
/// whichever instance answers. Admission is decided in memory and the counts meet in the store every sync interval.
/// </summary>
public sealed class SharedRateLimitTests
{
    private static readonly RateLimitSettings Limit = new() { PermitLimit = 6, Window = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task Two_instances_on_one_postgres_store_share_each_client_s_budget()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_rate_store");
        try
        {
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec, Access = new AccessSettings { RateLimit = Limit } });
            await using var b = await ServiceFixture.StartAsync(s => s with
            {
                Store = spec, MasterKeyFile = a.Settings.MasterKeyFile, SecretFile = a.Settings.SecretFile, Access = new AccessSettings { RateLimit = Limit },
            });
            var (_, token) = await ServiceUsers.AddAsync(a.Store, "rita", [ServiceRoles.Auditor], a.Clock, CancellationToken.None);
            var (_, other) = await ServiceUsers.AddAsync(a.Store, "otto", [ServiceRoles.Auditor], a.Clock, CancellationToken.None);
            var ritaA = a.Client(token);
            var ritaB = b.Client(token);
            var counts = (ISharedRateLimitStore)a.Store;
            var window = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero); // both fixtures' clocks start at 12:00:00

            for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await ritaA.GetAsync("/api/me")).StatusCode);
            await CountReachesAsync(counts, window, "user:rita", 4);
            // B has not seen rita yet: its first request is admitted and its next sync learns the 4 A admitted.
            Assert.Equal(HttpStatusCode.OK, (await ritaB.GetAsync("/api/me")).StatusCode);
            await CountReachesAsync(counts, window, "user:rita", 5);
            await SyncAsync(b);
            Assert.Equal(HttpStatusCode.OK, (await ritaB.GetAsync("/api/me")).StatusCode);
            var refused = await ritaB.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
            // Once B's admissions are in the store, A learns them at its next sync and refuses too (before that it could
            // still admit what its last sum left: the documented overshoot); another client keeps its own budget on both.
            await CountReachesAsync(counts, window, "user:rita", Limit.PermitLimit);
            await SyncAsync(a);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await ritaA.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await a.Client(other).GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.Client(other).GetAsync("/api/me")).StatusCode);
            // Exactly the limit was admitted over both instances (refusals are not counted).
            await SyncAsync(a);
            await SyncAsync(b);
            Assert.Equal(Limit.PermitLimit, await CountAsync(counts, window, "user:rita"));

            // The next window starts afresh on both (the clocks are the service's: moved by the test).
            a.Clock.Advance(Limit.Window);
            b.Clock.Advance(Limit.Window);
            Assert.Equal(HttpStatusCode.OK, (await ritaA.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ritaB.GetAsync("/api/me")).StatusCode);
            await CountReachesAsync(counts, window + Limit.Window, "user:rita", 2);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }

    [Fact]
    public async Task Counts_of_past_windows_are_pruned_and_a_sum_covers_every_process()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_rate_prune");
        try
        {
            var store = ServiceStores.Open(StoreContractTests.PostgresSpec(storeDb));
            await store.MigrateAsync(CancellationToken.None);
            var counts = (ISharedRateLimitStore)store;
            var w0 = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
            var first = await counts.AddRateLimitCountsAsync(w0, [new("user:a", 3), new("ip:10.0.0.1", 1)], CancellationToken.None);
            var second = await counts.AddRateLimitCountsAsync(w0, [new("user:a", 2), new("user:b", 0)], CancellationToken.None);
            Assert.Equal(3, first["user:a"]);
            Assert.Equal(5, second["user:a"]);
            Assert.Equal(0, second["user:b"]);
            Assert.False(second.ContainsKey("ip:10.0.0.1"));
            await counts.AddRateLimitCountsAsync(w0.AddMinutes(1), [new("user:a", 1)], CancellationToken.None);
            Assert.Equal(3, await counts.PruneRateLimitCountsAsync(w0.AddMinutes(1), CancellationToken.None));
            Assert.Equal(1, (await counts.AddRateLimitCountsAsync(w0.AddMinutes(1), [new("user:a", 0)], CancellationToken.None))["user:a"]);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }

    [Fact]
    public async Task A_sync_that_answers_late_never_lowers_the_count_a_later_sync_learned()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_rate_late");
        try
        {
            var store = ServiceStores.Open(StoreContractTests.PostgresSpec(storeDb));
            await store.MigrateAsync(CancellationToken.None);
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
            var gated = new GatedCounts((ISharedRateLimitStore)store);
            var limit = new RateLimitSettings { PermitLimit = 3, Window = TimeSpan.FromMinutes(1), PartitionBy = "ip" };
            using var limiter = new SharedRateLimiter(limit, gated, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SharedRateLimiter>.Instance);
            var request = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            request.Request.Path = "/api/me";
            request.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.7");
            for (var i = 0; i < 2; i++) Assert.True(limiter.AttemptAcquire(request).IsAcquired);

            // The first sync reads the sum (2) and is held before it answers; another process admits the third meanwhile;
            // a second sync learns 3 and the limiter refuses; the first then answers its older 2.
            var late = limiter.SyncAsync(CancellationToken.None);
            await gated.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await ((ISharedRateLimitStore)store).AddRateLimitCountsAsync(clock.GetUtcNow(), [new("ip:10.0.0.7", 1)], CancellationToken.None);
            await limiter.SyncAsync(CancellationToken.None);
            Assert.False(limiter.AttemptAcquire(request).IsAcquired);
            gated.Release.SetResult();
            await late;
            Assert.False(limiter.AttemptAcquire(request).IsAcquired);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }

    /// <summary>The real counts, with the first add held after the store answered until the test releases it.</summary>
    private sealed class GatedCounts(ISharedRateLimitStore inner) : ISharedRateLimitStore
    {
        private int _calls;
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyDictionary<string, long>> AddRateLimitCountsAsync(DateTimeOffset windowStart, IReadOnlyList<KeyValuePair<string, long>> admitted, CancellationToken cancellationToken)
        {
            var sums = await inner.AddRateLimitCountsAsync(windowStart, admitted, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Held.SetResult();
                await Release.Task;
            }
            return sums;
        }

        public Task<int> PruneRateLimitCountsAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneRateLimitCountsAsync(before, cancellationToken);
    }

    /// <summary>One sync of an instance's shared limiter now (as its 250 ms timer does), so the test does not wait on timing.</summary>
    private static Task SyncAsync(ServiceFixture f) => f.App.Services.GetRequiredService<SharedRateLimiter>().SyncAsync(CancellationToken.None);

    private static async Task<long> CountAsync(ISharedRateLimitStore counts, DateTimeOffset window, string key) =>
        (await counts.AddRateLimitCountsAsync(window, [new(key, 0)], CancellationToken.None))[key];

    private static Task CountReachesAsync(ISharedRateLimitStore counts, DateTimeOffset window, string key, long expected) =>
        Eventually.UntilAsync(async () => await CountAsync(counts, window, key) == expected, TimeSpan.FromSeconds(10), "the instances did not converge");
}
