using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Core.Query.Policy;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Query;
using Obscura.Engine.Strategies;
using Xunit;

namespace Obscura.Engine.Tests.Query;

/// <summary>The ledger budget store on SQLite and PostgreSQL: atomic reservations under concurrency, release, resets on an injected clock.</summary>
public sealed class BudgetStoreTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static EffectiveRole Role(string user, double epsilon, ResetSchedule reset = ResetSchedule.Never) => new()
    {
        User = user,
        Roles = ["r"],
        Limits = new PolicyRole { Name = "r", EpsilonPerQuery = 1, DeltaPerQuery = 1e-6, BudgetEpsilon = epsilon, BudgetDelta = 1e-3, Reset = reset },
    };

    private static ObscuraRuntime Runtime(TimeProvider clock) =>
        new(TestDatabases.Registry, new StrategyRegistryBuilder().AddBuiltIns().AddEngineStrategies().Build(), clock);

    private static async Task<DatabaseUri> StoreUriAsync(string provider) =>
        provider == "sqlite"
            ? DatabaseUri.Parse("sqlite:" + Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("budget") + ".db"))
            : await TestDatabases.CreateAsync(provider, "budget");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Twenty_parallel_queries_against_ten_epsilon_get_exactly_ten_answers(string provider)
    {
        var uri = await StoreUriAsync(provider);
        var store = new LedgerBudgetStore(Runtime(TimeProvider.System), uri);
        await using (store)
        {
            var role = Role("u" + Guid.NewGuid().ToString("N"), epsilon: 10);
            var attempts = Enumerable.Range(0, 20).Select(async _ =>
            {
                try
                {
                    var r = await store.ReserveAsync(role, 1.0, 0, CancellationToken.None);
                    await r.CommitAsync(CancellationToken.None);
                    return true;
                }
                catch (QueryRefusedException e) when (e.Code == DiagnosticCodes.QueryBudgetExhausted)
                {
                    return false;
                }
            });
            var outcomes = await Task.WhenAll(attempts);
            Assert.Equal(10, outcomes.Count(o => o));
            var policy = new PrivacyPolicy
            {
                Roles = new Dictionary<string, PolicyRole> { ["r"] = role.Limits },
                Users = new Dictionary<string, IReadOnlyList<string>> { [role.User] = ["r"] },
            };
            var status = Assert.Single(await store.StatusAsync(policy, role.User, CancellationToken.None));
            Assert.Equal(10, status.EpsilonSpent, 9);
            Assert.Equal(0, status.EpsilonRemaining, 9);
        }
        if (provider == "postgres") await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)");
    }

    [Fact]
    public async Task A_released_reservation_gives_its_cost_back()
    {
        var store = new LedgerBudgetStore(Runtime(TimeProvider.System), await StoreUriAsync("sqlite"));
        await using (store)
        {
            var role = Role("u", epsilon: 1.5);
            var first = await store.ReserveAsync(role, 1.0, 0, CancellationToken.None);
            await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(role, 1.0, 0, CancellationToken.None));
            await first.ReleaseAsync(CancellationToken.None);
            var second = await store.ReserveAsync(role, 1.0, 0, CancellationToken.None);
            await second.CommitAsync(CancellationToken.None);
            Assert.Equal(0.5, second.EpsilonRemaining, 9);
        }
    }

    [Fact]
    public async Task A_daily_budget_starts_afresh_at_midnight_on_the_injected_clock_and_a_reset_clears_it_at_once()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var store = new LedgerBudgetStore(Runtime(clock), await StoreUriAsync("sqlite"));
        await using (store)
        {
            var role = Role("u", epsilon: 1, ResetSchedule.Daily);
            await (await store.ReserveAsync(role, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            var refused = await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(role, 1.0, 0, CancellationToken.None));
            Assert.Contains("2026-03-11 00:00", refused.Message, StringComparison.Ordinal);
            clock.Now = clock.Now.AddHours(1.5);
            await (await store.ReserveAsync(role, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(role, 1.0, 0, CancellationToken.None));
            clock.Now = clock.Now.AddMinutes(1);
            await store.ResetAsync("u", CancellationToken.None);
            clock.Now = clock.Now.AddMinutes(1);
            await (await store.ReserveAsync(role, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_cron_budget_starts_afresh_at_each_occurrence_on_the_injected_clock()
    {
        // 2026-03-08 is a Sunday: "0 0 * * 1" resets at midnight between Sunday and Monday, "30 6 * * *" at 06:30 daily.
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 8, 22, 0, 0, TimeSpan.Zero));
        var store = new LedgerBudgetStore(Runtime(clock), await StoreUriAsync("sqlite"));
        await using (store)
        {
            var weekly = Role("w", epsilon: 1) with { Limits = Role("w", 1).Limits with { Reset = ResetSchedule.Cron, ResetCron = "0 0 * * 1" } };
            await (await store.ReserveAsync(weekly, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            var refused = await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(weekly, 1.0, 0, CancellationToken.None));
            Assert.Contains("2026-03-09 00:00", refused.Message, StringComparison.Ordinal);
            clock.Now = clock.Now.AddHours(1.9); // 23:54 Sunday: same period
            await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(weekly, 1.0, 0, CancellationToken.None));
            clock.Now = clock.Now.AddMinutes(7); // 00:01 Monday
            await (await store.ReserveAsync(weekly, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            clock.Now = clock.Now.AddDays(6.9); // Sunday again: still this week's period
            await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(weekly, 1.0, 0, CancellationToken.None));

            var morning = Role("m", epsilon: 1) with { Limits = Role("m", 1).Limits with { Reset = ResetSchedule.Cron, ResetCron = "30 6 * * *" } };
            clock.Now = new DateTimeOffset(2026, 3, 10, 6, 29, 0, TimeSpan.Zero);
            await (await store.ReserveAsync(morning, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
            await Assert.ThrowsAsync<QueryRefusedException>(() => store.ReserveAsync(morning, 1.0, 0, CancellationToken.None));
            clock.Now = clock.Now.AddMinutes(1);
            await (await store.ReserveAsync(morning, 1.0, 0, CancellationToken.None)).CommitAsync(CancellationToken.None);
        }
    }
}
