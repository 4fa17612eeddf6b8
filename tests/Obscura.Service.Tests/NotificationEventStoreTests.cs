using Microsoft.Data.Sqlite;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The store's record of queued notification events: unrecorded events are found from the state, recording is once
/// per key, and upgrading a store records the events of the past so nothing is announced twice after an upgrade.
/// </summary>
public sealed class NotificationEventStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<long> SeedAsync(IServiceStore store)
    {
        var rita = await store.AddUserAsync("rita", ["REQUESTER"], "h1", T0, CancellationToken.None);
        var dan = await store.AddUserAsync("dan", ["DBA"], "h2", T0, CancellationToken.None);
        var op = await store.AddOperationAsync(new OperationRecord
        {
            OperationType = "scan", RequestedBy = rita.Id, RequestJson = "{}", Fingerprint = "fp", Status = "succeeded", RequiredRoles = ["DBA"],
            CreatedAt = T0, UpdatedAt = T0.AddMinutes(3), StartedAt = T0.AddMinutes(2), FinishedAt = T0.AddMinutes(3),
        }, CancellationToken.None);
        await ((IOperationVersionStore)store).AddVersionAsync(new OperationVersionRecord
        {
            OperationId = op.Id, RequestJson = "{}", Fingerprint = "fp", RequiredRoles = ["DBA"], Reason = "created", CreatedBy = rita.Id, CreatedAt = T0,
        }, CancellationToken.None);
        await store.AddApprovalAsync(new ApprovalRecord(0, op.Id, dan.Id, "dan", "DBA", "approve", null, "fp", T0.AddMinutes(1)) { Version = 1 }, CancellationToken.None);
        return op.Id;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Unrecorded_events_are_found_from_the_state_and_recorded_once(string kind)
    {
        var (store, _, drop) = await StoreContractTests.CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var id = await SeedAsync(store);
            var events = (INotificationEventStore)store;
            var found = await events.ListUnrecordedEventsAsync(T0.AddDays(-1), T0.AddDays(1), 100, CancellationToken.None);
            Assert.Equal(new[] { "approval_needed:1", "decision:1", "run_end" }, found.Select(e => e.Key).Order(StringComparer.Ordinal).Select(k => k.StartsWith("decision:", StringComparison.Ordinal) ? "decision:1" : k));
            Assert.All(found, e => Assert.Equal(id, e.OperationId));
            // Outside the window: nothing.
            Assert.Empty(await events.ListUnrecordedEventsAsync(T0.AddMinutes(10), T0.AddDays(1), 100, CancellationToken.None));

            var row = new OutboxNotification { OperationId = id, Channel = "webhook:0", Subject = "s", Text = "t" };
            Assert.True(await events.EnqueueEventAsync(found[0], [row], T0, CancellationToken.None));
            Assert.False(await events.EnqueueEventAsync(found[0], [row, row], T0, CancellationToken.None));
            Assert.Single(await ((INotificationOutbox)store).ListNotificationsAsync(id, CancellationToken.None));
            Assert.Equal(2, (await events.ListUnrecordedEventsAsync(T0.AddDays(-1), T0.AddDays(1), 100, CancellationToken.None)).Count);
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }

    [Fact]
    public async Task Upgrading_a_store_records_the_events_of_the_past()
    {
        var (store, spec, drop) = await StoreContractTests.CreateAsync("sqlite");
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var id = await SeedAsync(store);
            // The store as the release before this one left it: no event record, no removal record.
            await using (var conn = new SqliteConnection("Data Source=" + spec["sqlite:".Length..] + ";Pooling=False"))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                // (the event and removal tables, and the reconciler's indexes that came after them)
                cmd.CommandText = "DROP TABLE notification_events; DROP TABLE expired_reports; DROP INDEX approvals_decided; DROP INDEX operation_versions_created; " +
                    "DROP INDEX operations_finished; DELETE FROM schema_version WHERE version >= (SELECT MAX(version) - 1 FROM schema_version);";
                await cmd.ExecuteNonQueryAsync();
            }
            await store.MigrateAsync(CancellationToken.None);
            var events = (INotificationEventStore)store;
            Assert.Empty(await events.ListUnrecordedEventsAsync(T0.AddDays(-1), T0.AddDays(1), 100, CancellationToken.None));
            // A decision after the upgrade is new.
            var dan = await store.FindUserAsync("dan", CancellationToken.None);
            await store.AddApprovalAsync(new ApprovalRecord(0, id, dan!.Id, "dan", "DBA", "approve", null, "fp", T0.AddMinutes(5)), CancellationToken.None);
            Assert.Single(await events.ListUnrecordedEventsAsync(T0.AddDays(-1), T0.AddDays(1), 100, CancellationToken.None));
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }
}
