using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Notifications;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The window between an action's own write and its notification: the enqueue is made to fail after each action's
/// write (as a process dying there would leave it), and the reconciler then queues, from the store's state, exactly the
/// notifications that were lost, delivered once each to a local webhook listener, on both stores.
/// </summary>
public sealed class NotificationReconcileTests
{
    /// <summary>The store's event record, made to fail while <see cref="Failing"/> is set: the crash between an action and its enqueue.</summary>
    private sealed class FailingEvents(INotificationEventStore inner) : INotificationEventStore
    {
        public volatile bool Failing;

        public Task<bool> EnqueueEventAsync(NotificationEvent notificationEvent, IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken) =>
            Failing ? throw new IOException("the process died before the notification was queued") : inner.EnqueueEventAsync(notificationEvent, notifications, now, cancellationToken);

        public Task<IReadOnlyList<NotificationEvent>> ListUnrecordedEventsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken) =>
            inner.ListUnrecordedEventsAsync(from, to, max, cancellationToken);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, comments = "ok" });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Notifications_lost_between_an_action_and_its_enqueue_are_delivered_once_by_the_reconciler(string kind)
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 20, "svc_reconcile");
        var (store, spec, drop) = await StoreContractTests.CreateAsync(kind);
        store.Dispose();
        FailingEvents? failing = null;
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with
            {
                Store = spec,
                Notifications = new NotificationSettings { Webhooks = [hooks.BaseUrl + "/hook"], Attempts = 3, Backoff = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(30) },
            }, services: s => s.AddSingleton<INotificationEventStore>(sp => failing = new FailingEvents((INotificationEventStore)sp.GetRequiredService<IServiceStore>())));
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var reconciler = f.App.Services.GetRequiredService<NotificationReconciler>();
            int Count(long id, string phrase) => hooks.Received.Count(r => r.Text.Contains($"operation {id} ", StringComparison.Ordinal) && r.Text.Contains(phrase, StringComparison.Ordinal));

            // The request is stored, but its "needs approval" notification is lost.
            failing!.Failing = true;
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            Assert.Contains(f.Logs.Lines, l => l.Contains($"notification for operation {id} not queued", StringComparison.Ordinal));
            Assert.Empty(await ((INotificationOutbox)f.Store).ListNotificationsAsync(id, CancellationToken.None));

            // A reconciler leaves events younger than its grace period to the process acting on them.
            failing.Failing = false;
            Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None));
            f.Clock.Advance(NotificationReconciler.Grace + TimeSpan.FromSeconds(1));
            Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None));
            await hooks.WaitForAsync("/hook", $"operation {id} ", "needs approval from DBA");

            // The approval and the run's end are lost the same way, then reconciled.
            failing.Failing = true;
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, id, "approve", "DBA")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, id, "execute")).StatusCode);
            await f.WaitForAsync(requester, id, s => s == "succeeded");
            // The run's end is announced just after its status is stored: wait for that enqueue to have failed too.
            await Eventually.UntilAsync(() => Task.FromResult(f.Logs.Lines.Count(l => l.Contains($"notification for operation {id} not queued", StringComparison.Ordinal)) >= 3),
                TimeSpan.FromSeconds(30), "the run's end was not announced (and refused)");
            failing.Failing = false;
            f.Clock.Advance(NotificationReconciler.Grace + TimeSpan.FromSeconds(1));
            Assert.Equal(2, await reconciler.ReconcileAsync(CancellationToken.None));
            await hooks.WaitForAsync("/hook", $"operation {id} ", "approved by dan as DBA");
            await hooks.WaitForAsync("/hook", $"operation {id} ", "succeeded", $"/api/database-operations/{id}/reports");

            // Again: nothing more is queued, and each message arrived exactly once.
            Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal((1, 1, 1), (Count(id, "needs approval"), Count(id, "approved by dan"), Count(id, "succeeded")));
            Assert.Equal(3, (await ((INotificationOutbox)f.Store).ListNotificationsAsync(id, CancellationToken.None)).Count);

            // Without a failure the acting process queues it, and a reconciler finds nothing left to do.
            var second = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
            var secondId = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            await hooks.WaitForAsync("/hook", $"operation {secondId} ", "needs approval from DBA");
            f.Clock.Advance(NotificationReconciler.Grace + TimeSpan.FromSeconds(1));
            Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.Equal(1, Count(secondId, "needs approval"));
        }
        finally
        {
            await drop();
            await ServiceDatabases.DropAsync(source);
        }
    }
}
