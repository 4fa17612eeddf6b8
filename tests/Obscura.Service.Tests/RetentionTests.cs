using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Retention;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The retention sweep on both stores, with the service's manual clock: report files of operations that ended before
/// the limit go (and their reports answer 410), newer and unfinished operations keep theirs, sent or failed outbox rows
/// before the limit go and pending ones stay, each sweep that removed something is audited once, and 0 keeps everything.
/// </summary>
public sealed class RetentionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record Seeded(long OldSucceeded, long RecentFailed, long Running, long OldRejected, long[] Outbox);

    /// <summary>Operations with report files at various ages, and outbox rows sent, failed and pending at various times.</summary>
    private static async Task<Seeded> SeedAsync(ServiceFixture f)
    {
        var store = f.Store;
        var files = (IReportFileStore)store;
        var user = await store.AddUserAsync("rita", ["REQUESTER"], "hash-rita", T0, CancellationToken.None);
        async Task<long> OperationAsync(string status, DateTimeOffset? started, DateTimeOffset? finished, params string[] reports)
        {
            var op = await store.AddOperationAsync(new OperationRecord
            {
                OperationType = "scan", RequestedBy = user.Id, RequestJson = "{}", Fingerprint = "fp", Status = status, RequiredRoles = [],
                CreatedAt = T0, UpdatedAt = finished ?? T0, StartedAt = started, FinishedAt = finished, ReportJson = finished is null ? null : "{\"tables\":1}",
            }, CancellationToken.None);
            foreach (var name in reports)
            {
                var bytes = Encoding.UTF8.GetBytes("{\"report\":\"" + name + "\"}");
                var stored = name != "dump.sql";
                await files.SaveReportFileAsync(new ReportFileRecord
                {
                    OperationId = op.Id, Name = name, ContentType = "application/json", Size = bytes.Length, CreatedAt = finished ?? T0, Stored = stored,
                    Sha256 = stored ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) : null, Location = stored ? null : "host:/data/dump.sql",
                }, stored ? new MemoryStream(bytes) : null, CancellationToken.None);
            }
            return op.Id;
        }
        var oldSucceeded = await OperationAsync("succeeded", T0, T0, "validation-report.json", "dump.sql");
        var recentFailed = await OperationAsync("failed", T0.AddDays(80), T0.AddDays(80), "validation-report.json");
        var running = await OperationAsync("running", T0, null, "validation-report.json");
        var oldRejected = await OperationAsync("rejected", null, T0);

        // Four rows of one event, queued at T0: one sent at T0, one given up, one sent at T0+70d, one pending a retry.
        var events = (INotificationEventStore)store;
        var outbox = (INotificationOutbox)store;
        var rows = Enumerable.Range(0, 4).Select(i => new OutboxNotification { OperationId = oldSucceeded, Channel = "webhook:" + i, Subject = "s", Text = "t" }).ToList();
        Assert.True(await events.EnqueueEventAsync(new NotificationEvent(oldSucceeded, NotificationEvent.RunEnd, T0), rows, T0, CancellationToken.None));
        var claimed = await outbox.ClaimNotificationsAsync("c1", T0, T0.AddMinutes(1), 10, CancellationToken.None);
        Assert.Equal(4, claimed.Count);
        Assert.True(await outbox.MarkNotificationSentAsync(claimed[0].Id, "c1", T0, CancellationToken.None));
        Assert.True(await outbox.MarkNotificationFailedAsync(claimed[1].Id, "c1", "HTTP 500", null, CancellationToken.None));
        Assert.True(await outbox.MarkNotificationSentAsync(claimed[2].Id, "c1", T0.AddDays(70), CancellationToken.None));
        Assert.True(await outbox.MarkNotificationFailedAsync(claimed[3].Id, "c1", "HTTP 500", T0.AddMinutes(2), CancellationToken.None));
        return new Seeded(oldSucceeded, recentFailed, running, oldRejected, claimed.Select(c => c.Id).ToArray());
    }

    private static async Task<(ServiceFixture Fixture, Func<Task> Drop)> StartAsync(string kind, TimeSpan reports, TimeSpan notifications)
    {
        var (store, spec, drop) = await StoreContractTests.CreateAsync(kind);
        store.Dispose();
        var f = await ServiceFixture.StartAsync(s => s with { Store = spec, ReportRetention = reports, NotificationRetention = notifications });
        return (f, drop);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_sweep_removes_only_what_is_past_its_retention_audits_it_once_and_the_reports_say_they_were_removed(string kind)
    {
        var (f, drop) = await StartAsync(kind, TimeSpan.FromDays(90), TimeSpan.FromDays(30));
        try
        {
            await using (f)
            {
                var seeded = await SeedAsync(f);
                var auditor = await f.UserAsync("alice", ServiceRoles.Auditor);
                var sweeper = f.App.Services.GetRequiredService<StoreRetentionSweeper>();
                var files = (IReportFileStore)f.Store;

                // Nothing is old enough yet.
                Assert.False((await sweeper.SweepAsync(CancellationToken.None)).RemovedAnything);

                f.Clock.Advance(TimeSpan.FromDays(95));
                var sweep = await sweeper.SweepAsync(CancellationToken.None);
                Assert.Equal(new RetentionSweep(ReportOperations: 1, ReportFiles: 2, Notifications: 2, Events: 1), sweep);

                Assert.Empty(await files.ListReportFilesAsync(seeded.OldSucceeded, CancellationToken.None));
                Assert.Equal(["validation-report.json"], (await files.ListReportFilesAsync(seeded.RecentFailed, CancellationToken.None)).Select(r => r.Name));
                Assert.Equal(["validation-report.json"], (await files.ListReportFilesAsync(seeded.Running, CancellationToken.None)).Select(r => r.Name));
                var left = await ((INotificationOutbox)f.Store).ListNotificationsAsync(seeded.OldSucceeded, CancellationToken.None);
                Assert.Equal(new[] { (seeded.Outbox[2], "sent"), (seeded.Outbox[3], "pending") }, left.Select(n => (n.Notification.Id, n.Status)));
                // The operations themselves stay.
                Assert.NotNull(await f.Store.GetOperationAsync(seeded.OldSucceeded, CancellationToken.None));
                Assert.NotNull(await f.Store.GetOperationAsync(seeded.OldRejected, CancellationToken.None));

                var audit = await f.Store.QueryAuditAsync(new AuditQuery { Action = "retention_sweep" }, CancellationToken.None);
                var line = Assert.Single(audit);
                Assert.Equal(("retention", "store", "files2-ops1-outbox2"), (line.Actor, line.Target, line.Outcome));

                // The expired operation's reports say they were removed; its run summary stays; the newer one lists its files.
                var gone = await auditor.GetAsync($"/api/database-operations/{seeded.OldSucceeded}/reports");
                var goneText = await gone.Content.ReadAsStringAsync();
                Assert.True(gone.StatusCode == HttpStatusCode.Gone, goneText);
                var problem = await f.JsonAsync(gone);
                Assert.Equal("OBS970", problem.GetProperty("code").GetString());
                Assert.Equal(2, problem.GetProperty("files").GetInt32());
                Assert.Contains("removed by retention on 2027-03-06", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.Gone, (await auditor.GetAsync($"/api/database-operations/{seeded.OldSucceeded}/reports/validation-report.json")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/database-operations/{seeded.OldSucceeded}/reports/summary.json")).StatusCode);
                var recent = await auditor.GetAsync($"/api/database-operations/{seeded.RecentFailed}/reports");
                Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
                Assert.Contains("validation-report.json", await recent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/database-operations/{seeded.RecentFailed}/reports/validation-report.json")).StatusCode);

                // A sweep that removes nothing adds no audit line.
                Assert.False((await sweeper.SweepAsync(CancellationToken.None)).RemovedAnything);
                Assert.Single(await f.Store.QueryAuditAsync(new AuditQuery { Action = "retention_sweep" }, CancellationToken.None));

                // Later, the newer operation's reports expire too, in their own sweep.
                f.Clock.Advance(TimeSpan.FromDays(80));
                Assert.Equal((1, 1), ((await sweeper.SweepAsync(CancellationToken.None)) is var s ? (s.ReportOperations, s.ReportFiles) : default));
                Assert.Equal(["validation-report.json"], (await files.ListReportFilesAsync(seeded.Running, CancellationToken.None)).Select(r => r.Name));
            }
        }
        finally
        {
            await drop();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Zero_keeps_everything(string kind)
    {
        var (f, drop) = await StartAsync(kind, TimeSpan.Zero, TimeSpan.Zero);
        try
        {
            await using (f)
            {
                var seeded = await SeedAsync(f);
                f.Clock.Advance(TimeSpan.FromDays(3650));
                var sweep = await f.App.Services.GetRequiredService<StoreRetentionSweeper>().SweepAsync(CancellationToken.None);
                Assert.False(sweep.RemovedAnything);
                Assert.Equal(2, (await ((IReportFileStore)f.Store).ListReportFilesAsync(seeded.OldSucceeded, CancellationToken.None)).Count);
                Assert.Equal(4, (await ((INotificationOutbox)f.Store).ListNotificationsAsync(seeded.OldSucceeded, CancellationToken.None)).Count);
                Assert.Empty(await f.Store.QueryAuditAsync(new AuditQuery { Action = "retention_sweep" }, CancellationToken.None));
                Assert.Null(await ((IStoreRetention)f.Store).ReportsRemovedAsync(seeded.OldSucceeded, CancellationToken.None));
            }
        }
        finally
        {
            await drop();
        }
    }

    [Fact]
    public async Task Sweeps_running_at_once_on_one_PostgreSQL_store_remove_and_record_each_file_once()
    {
        var (f, drop) = await StartAsync("postgres", TimeSpan.FromDays(90), TimeSpan.FromDays(30));
        try
        {
            await using (f)
            {
                var seeded = await SeedAsync(f);
                f.Clock.Advance(TimeSpan.FromDays(95));
                // Two sweepers (as two processes would) over the same store at the same moment.
                var retention = (IStoreRetention)f.Store;
                var now = f.Clock.GetUtcNow();
                var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => retention.RemoveExpiredReportsAsync(now.AddDays(-90), now, 20, CancellationToken.None))));
                var rows = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => retention.RemoveExpiredNotificationsAsync(now.AddDays(-30), 500, CancellationToken.None))));
                Assert.Equal((1, 2), (reports.Sum(r => r.Operations), reports.Sum(r => r.Files)));
                Assert.Equal(2, rows.Sum());
                Assert.Equal(2, (await retention.ReportsRemovedAsync(seeded.OldSucceeded, CancellationToken.None))!.Files);
            }
        }
        finally
        {
            await drop();
        }
    }

    [Fact]
    public async Task A_negative_retention_stops_the_service_with_OBS971()
    {
        var e = await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() => ServiceFixture.StartAsync(s => s with { ReportRetention = TimeSpan.FromDays(-1), NotificationRetention = TimeSpan.FromDays(40_000) }));
        Assert.Equal(["OBS971", "OBS971"], e.Diagnostics.Select(d => d.Code));
        Assert.Equal(["--report-retention-days", "--notification-retention-days"], e.Diagnostics.Select(d => d.Path));
    }
}
