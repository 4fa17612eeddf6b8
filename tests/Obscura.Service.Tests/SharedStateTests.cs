using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Notifications;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// State that several service processes share through one store: report files served by any process, a notification
/// outbox delivered once by whichever process claims it (and after a restart), and recurring occurrences created once
/// however many schedulers run. Two service instances on one real PostgreSQL store, and the embedded SQLite store.
/// </summary>
public sealed class SharedStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    // ---- the store contract, both stores

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Occurrences_are_claimed_once_report_files_stream_in_and_out_and_outbox_rows_go_to_one_claimer(string kind)
    {
        var (store, spec, drop) = await StoreContractTests.CreateAsync(kind);
        // PostgreSQL: separate stores (connection pools) race as separate processes would; SQLite is one process's store.
        var others = new List<IServiceStore>();
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            for (var i = 0; i < 3; i++)
            {
                var other = kind == "postgres" ? ServiceStores.Open(spec) : store;
                if (kind == "postgres") others.Add(other);
                await other.MigrateAsync(CancellationToken.None);
            }
            IServiceStore[] racers = [store, .. (kind == "postgres" ? others : [store, store, store])];

            // Recurring: six claims of one occurrence, one run.
            var user = await store.AddUserAsync("rita", ["REQUESTER"], "h", T0, CancellationToken.None);
            var definition = await store.AddOperationAsync(Operation(user.Id, OperationStatus.Recurring), CancellationToken.None);
            var occurrence = T0.AddHours(10);
            var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                ((IRecurringRunStore)racers[i % racers.Length]).AddRecurringRunAsync(definition.Id, occurrence, Operation(user.Id, OperationStatus.Queued), CancellationToken.None)));
            Assert.Single(claims, c => c is not null);
            Assert.Equal(2, (await store.ListOperationsAsync(null, CancellationToken.None)).Count);
            Assert.NotNull(await ((IRecurringRunStore)store).AddRecurringRunAsync(definition.Id, occurrence.AddDays(1), Operation(user.Id, OperationStatus.Queued), CancellationToken.None));
            // A definition changed or cancelled since the scheduler read it gets no run (the check is in the claim's transaction).
            Assert.Null(await ((IRecurringRunStore)store).AddRecurringRunAsync(definition.Id, occurrence.AddDays(2), Operation(user.Id, OperationStatus.Queued) with { Fingerprint = "older" }, CancellationToken.None));
            Assert.True(await store.UpdateOperationAsync(definition with { Status = OperationStatus.Cancelled }, OperationStatus.Recurring, CancellationToken.None));
            Assert.Null(await ((IRecurringRunStore)store).AddRecurringRunAsync(definition.Id, occurrence.AddDays(2), Operation(user.Id, OperationStatus.Queued), CancellationToken.None));
            Assert.Equal(3, (await store.ListOperationsAsync(null, CancellationToken.None)).Count);

            // Report files: bytes in, the same bytes out, replaced as a whole; one not stored says where it is.
            var files = (IReportFileStore)store;
            var run = claims.Single(c => c is not null)!.Id;
            var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
            await files.SaveReportFileAsync(Report(run, "validation-report.json", bytes), new MemoryStream(bytes), CancellationToken.None);
            Assert.Equal(bytes, await ReadAsync(files, run, "validation-report.json"));
            var smaller = "{\"passed\":true}"u8.ToArray();
            await files.SaveReportFileAsync(Report(run, "validation-report.json", smaller), new MemoryStream(smaller), CancellationToken.None);
            Assert.Equal(smaller, await ReadAsync(files, run, "validation-report.json"));
            await files.SaveReportFileAsync(new ReportFileRecord
            {
                OperationId = run, Name = "dump.sql", ContentType = "application/octet-stream", Size = 5_000_000_000, CreatedAt = T0, Stored = false, Location = "host-a:/data/dump.sql",
            }, null, CancellationToken.None);
            var listed = await ((IReportFileStore)racers[1]).ListReportFilesAsync(run, CancellationToken.None);
            Assert.Equal(["dump.sql", "validation-report.json"], listed.Select(f => f.Name));
            Assert.Equal((false, 5_000_000_000L, "host-a:/data/dump.sql", (string?)null), (listed[0].Stored, listed[0].Size, listed[0].Location, listed[0].Sha256));
            Assert.Equal((true, (long)smaller.Length, Convert.ToHexStringLower(SHA256.HashData(smaller))), (listed[1].Stored, listed[1].Size, listed[1].Sha256));
            Assert.False(await files.CopyReportFileAsync(run, "dump.sql", new MemoryStream(), CancellationToken.None));
            Assert.False(await files.CopyReportFileAsync(run, "nothing.json", new MemoryStream(), CancellationToken.None));

            // Outbox: four claimers at once take forty rows, each row once.
            var outbox = (INotificationOutbox)store;
            await outbox.EnqueueNotificationsAsync(
                [.. Enumerable.Range(0, 40).Select(i => new OutboxNotification { OperationId = run, Channel = "webhook:0", Subject = "s" + i, Text = "t" + i })], T0, CancellationToken.None);
            var taken = await Task.WhenAll(racers.Select(async (r, i) =>
            {
                var mine = new List<OutboxNotification>();
                while (true)
                {
                    var batch = await ((INotificationOutbox)r).ClaimNotificationsAsync("claim-" + i, T0, T0.AddMinutes(1), 3, CancellationToken.None);
                    if (batch.Count == 0) return mine;
                    mine.AddRange(batch);
                }
            }));
            var all = taken.SelectMany(t => t).ToList();
            Assert.Equal(40, all.Count);
            Assert.Equal(40, all.Select(n => n.Id).Distinct().Count());
            Assert.All(all, n => Assert.Equal(1, n.Attempts));
            // Claimed rows are hidden until their lease ends, then due again (a sender that died).
            Assert.Empty(await outbox.ClaimNotificationsAsync("late", T0.AddSeconds(59), T0.AddMinutes(2), 100, CancellationToken.None));
            var first = all.OrderBy(n => n.Id).First();
            Assert.False(await outbox.MarkNotificationSentAsync(first.Id, "someone-else", T0, CancellationToken.None));
            Assert.True(await outbox.MarkNotificationSentAsync(first.Id, first.ClaimId!, T0, CancellationToken.None));
            var second = all.OrderBy(n => n.Id).Skip(1).First();
            Assert.True(await outbox.MarkNotificationFailedAsync(second.Id, second.ClaimId!, "HTTP 503", T0.AddMinutes(5), CancellationToken.None));
            var third = all.OrderBy(n => n.Id).Skip(2).First();
            Assert.True(await outbox.MarkNotificationFailedAsync(third.Id, third.ClaimId!, "HTTP 503", null, CancellationToken.None));
            var relet = await outbox.ClaimNotificationsAsync("after-lease", T0.AddMinutes(1), T0.AddMinutes(10), 100, CancellationToken.None);
            Assert.Equal(37, relet.Count); // every row but the sent, the given-up and the one waiting for its retry
            Assert.DoesNotContain(relet, n => n.Id == second.Id || n.Id == third.Id || n.Id == first.Id);
            Assert.All(relet, n => Assert.Equal(2, n.Attempts));
            var retry = await outbox.ClaimNotificationsAsync("retry", T0.AddMinutes(5), T0.AddMinutes(6), 100, CancellationToken.None);
            Assert.Equal([second.Id], retry.Select(n => n.Id));
            var statuses = await outbox.ListNotificationsAsync(run, CancellationToken.None);
            Assert.Equal(("sent", "failed"), (statuses.Single(s => s.Notification.Id == first.Id).Status, statuses.Single(s => s.Notification.Id == third.Id).Status));
        }
        finally
        {
            foreach (var o in others) o.Dispose();
            store.Dispose();
            await drop();
        }
    }

    private static OperationRecord Operation(long user, string status) => new()
    {
        OperationType = "copy_full", RequestedBy = user, RequestJson = "{}", Fingerprint = "fp", Status = status, RequiredRoles = [], CreatedAt = T0, UpdatedAt = T0,
    };

    private static ReportFileRecord Report(long id, string name, byte[] bytes) => new()
    {
        OperationId = id, Name = name, ContentType = "application/json", Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), CreatedAt = T0,
    };

    private static async Task<byte[]> ReadAsync(IReportFileStore files, long id, string name)
    {
        var buffer = new MemoryStream();
        Assert.True(await files.CopyReportFileAsync(id, name, buffer, CancellationToken.None));
        return buffer.ToArray();
    }

    // ---- two service instances on one PostgreSQL store

    /// <summary>A second service on <paramref name="first"/>'s store, with its master key and run secret (as a second machine would be set up).</summary>
    private static Task<ServiceFixture> SecondAsync(ServiceFixture first, Func<ServiceSettings, ServiceSettings>? adjust = null) =>
        ServiceFixture.StartAsync(s => (adjust ?? (x => x))(s with { Store = first.Settings.Store, MasterKeyFile = first.Settings.MasterKeyFile, SecretFile = first.Settings.SecretFile }));

    private static async Task<(HttpClient First, HttpClient Second)> UserAsync(ServiceFixture a, ServiceFixture b, string name, string role)
    {
        var (_, token) = await ServiceUsers.AddAsync(a.Store, name, [role], a.Clock, CancellationToken.None);
        return (a.Client(token), b.Client(token));
    }

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Two_schedulers_on_one_postgres_store_create_each_recurring_occurrence_once()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_cron_store");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 50, "svc_shared_cron_src");
        var target = await TestDatabases.CreateAsync("postgres", "svc_shared_cron_dst");
        try
        {
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec });
            await using var b = await SecondAsync(a);
            var (admin, _) = await UserAsync(a, b, "adam", ServiceRoles.Admin);
            var (requester, requesterB) = await UserAsync(a, b, "rita", ServiceRoles.Requester);
            var (_, manager) = await UserAsync(a, b, "mia", ServiceRoles.Manager);
            await a.RegisterAsync(admin, "uat", source, "UAT");
            await a.RegisterAsync(admin, "dev", target, "DEV");
            var id = await CreateAsync(requester, new
            {
                operation_type = "copy_full", source_env = "UAT", target_env = "DEV", drop_existing = true, cron = "0 22 * * *", required_approvers = new[] { "MANAGER" },
            });
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(manager, $"/api/database-operations/{id}", new { action = "approve", approver_role = "MANAGER" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(requesterB, $"/api/database-operations/{id}", new { action = "execute" })).StatusCode);

            var schedulers = new[] { a.App.Services.GetRequiredService<RecurringScheduler>(), b.App.Services.GetRequiredService<RecurringScheduler>() };
            for (var day = 0; day < 2; day++)
            {
                // Both clocks pass 22:00; both schedulers (their loops and these extra ticks, all at once) see the occurrence due.
                var by = day == 0 ? TimeSpan.FromHours(10) + TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1);
                a.Clock.Advance(by);
                b.Clock.Advance(by);
                await Task.WhenAll(Enumerable.Range(0, 8).Select(i => schedulers[i % 2].TickAsync(CancellationToken.None)));
                await Task.Delay(TimeSpan.FromSeconds(1)); // the loops' own ticks too
                var runs = RecurringScheduler.RunsOf(id, await a.Store.ListOperationsAsync(null, CancellationToken.None));
                Assert.Equal(day + 1, runs.Count);
                Assert.Equal(new DateTimeOffset(2026, 12, 1 + day, 22, 0, 0, TimeSpan.Zero), runs[0].ScheduledAt);
                var done = await a.WaitForAsync(requester, runs[0].Id, s => OperationStatus.IsFinal(s));
                Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            }
            var created = await a.Store.QueryAuditAsync(new AuditQuery { Action = "operation_recurrence", Target = "operation:" + id }, CancellationToken.None);
            Assert.Equal(2, created.Count(r => r.Outcome == "run_created"));
            Assert.Equal(50, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
        }
        finally
        {
            foreach (var db in new[] { storeDb, source, target }) await StoreContractTests.DropPostgresAsync(db);
        }
    }

    private static NotificationSettings Hook(TestWebhookListener hooks, string path, int attempts = 3, double backoffSeconds = 0.1) => new()
    {
        Webhooks = [hooks.BaseUrl + path], Attempts = attempts, Backoff = TimeSpan.FromSeconds(backoffSeconds), Timeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task Two_service_instances_on_one_postgres_store_deliver_each_notification_once()
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_note_store");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 20, "svc_shared_note_src");
        try
        {
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec, Notifications = Hook(hooks, "/hook") });
            await using var b = await SecondAsync(a, s => s with { Notifications = Hook(hooks, "/hook") });
            var (admin, _) = await UserAsync(a, b, "adam", ServiceRoles.Admin);
            var (requesterA, requesterB) = await UserAsync(a, b, "rita", ServiceRoles.Requester);
            await a.RegisterAsync(admin, "uat", source, "UAT");

            // Requests through either instance, and a burst queued at once that both delivery loops compete for.
            var ids = new List<long>();
            for (var i = 0; i < 6; i++)
                ids.Add(await CreateAsync(i % 2 == 0 ? requesterA : requesterB, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } }));
            var burst = Enumerable.Range(0, 60).Select(i => new OutboxNotification { OperationId = ids[0], Channel = "webhook:0", Subject = "burst", Text = $"burst message {i:D3}." }).ToList();
            await ((INotificationOutbox)a.Store).EnqueueNotificationsAsync(burst, DateTimeOffset.UtcNow, CancellationToken.None);

            foreach (var id in ids) await hooks.WaitForAsync("/hook", $"operation {id} ", "needs approval from DBA");
            for (var i = 0; i < 60; i++) await hooks.WaitForAsync("/hook", $"burst message {i:D3}.");
            await Task.Delay(TimeSpan.FromSeconds(2)); // time for a second delivery, if there were one
            var received = hooks.Received.Where(r => r.Path == "/hook").Select(r => r.Text).ToList();
            foreach (var id in ids) Assert.Single(received, t => t.Contains($"operation {id} ", StringComparison.Ordinal));
            Assert.Equal(60, received.Count(t => t.StartsWith("burst message", StringComparison.Ordinal)));
            Assert.Equal(60, received.Where(t => t.StartsWith("burst message", StringComparison.Ordinal)).Distinct().Count());
            // Both processes delivered (each audits what it sent in its own log, after the receiver answered).
            foreach (var f in new[] { a, b })
                await Eventually.UntilAsync(async () => (await File.ReadAllTextAsync(f.Settings.AuditPath)).Contains("notification_webhook", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(30), "an instance audited no delivery");
            await Eventually.UntilAsync(async () => (await ((INotificationOutbox)a.Store).ListNotificationsAsync(ids[0], CancellationToken.None)).All(r => r.Status == "sent"),
                TimeSpan.FromSeconds(30), "a delivered message was not marked sent");
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_notification_due_when_the_service_stops_is_delivered_once_by_the_next_instance(string kind)
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", "outbox-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        DatabaseUri? storeDb = kind == "postgres" ? await TestDatabases.CreateAsync("postgres", "svc_shared_restart") : null;
        var spec = storeDb is null ? "sqlite:" + Path.Combine(dir, "store.db") : StoreContractTests.PostgresSpec(storeDb);
        // The first attempt fails (the receiver is down) and the next is 3 s later: the service stops in between.
        var notify = Hook(hooks, "/gate", attempts: 5, backoffSeconds: 3);
        try
        {
            long id;
            await using (var first = await ServiceFixture.StartAsync(s => s with { Store = spec, Notifications = notify }))
            {
                var admin = await first.UserAsync("adam", ServiceRoles.Admin);
                var requester = await first.UserAsync("rita", ServiceRoles.Requester);
                await first.DataSourceAsync(admin, new { name = "uat", kind = "sqlite", database = Path.Combine(dir, "none.db"), environment = "UAT" });
                id = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
                var outbox = (INotificationOutbox)first.Store;
                var until = DateTime.UtcNow.AddSeconds(30);
                while (await outbox.ListNotificationsAsync(id, CancellationToken.None) is not [{ Notification.Attempts: 1, Status: "pending" }])
                {
                    Assert.True(DateTime.UtcNow < until, "the first attempt never failed");
                    await Task.Delay(50);
                }
            }
            Assert.Empty(hooks.Received);
            hooks.GateOpen = true;

            await using var second = await ServiceFixture.StartAsync(s => s with { Store = spec, Notifications = notify });
            await hooks.WaitForAsync("/gate", $"operation {id} ", "needs approval from DBA");
            await Task.Delay(TimeSpan.FromSeconds(4)); // past the next backoff: nothing sends it again
            Assert.Single(hooks.Received);
            await Eventually.UntilAsync(async () => (await ((INotificationOutbox)second.Store).ListNotificationsAsync(id, CancellationToken.None)).Single().Status == "sent",
                TimeSpan.FromSeconds(30), "the delivered message was not marked sent");
            var row = (await ((INotificationOutbox)second.Store).ListNotificationsAsync(id, CancellationToken.None)).Single();
            Assert.Equal(("sent", 2), (row.Status, row.Notification.Attempts));
        }
        finally
        {
            if (storeDb is not null) await StoreContractTests.DropPostgresAsync(storeDb);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Reports_are_served_by_another_instance_from_the_store_after_the_writer_s_files_are_gone()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_shared_reports");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 30, "svc_shared_rep_src");
        try
        {
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec, Workers = 1 });
            // The second instance only answers the API: it never runs a job, so it has no files of its own.
            await using var b = await SecondAsync(a, s => s with { Workers = 0 });
            var (admin, _) = await UserAsync(a, b, "adam", ServiceRoles.Admin);
            var (requester, requesterB) = await UserAsync(a, b, "rita", ServiceRoles.Requester);
            await a.RegisterAsync(admin, "uat", source, "UAT");
            var scan = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT" });
            var dump = await CreateAsync(requester, new { operation_type = "dump", source_env = "UAT", format = "sql" });
            foreach (var id in new[] { scan, dump })
            {
                Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "execute" })).StatusCode);
                var done = await a.WaitForAsync(requester, id, s => OperationStatus.IsFinal(s));
                Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            }
            var written = OperationFiles.DirectoryOf(a.Settings, scan);
            var inventory = await File.ReadAllBytesAsync(Path.Combine(written, Engine.Discovery.ScanFiles.Inventory));
            var catalog = await File.ReadAllBytesAsync(Path.Combine(written, Engine.Discovery.ScanFiles.Catalog));
            Directory.Delete(a.Settings.DataDirectory, recursive: true);

            var list = await b.JsonAsync(await requesterB.GetAsync($"/api/database-operations/{scan}/reports"));
            var entry = list.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Engine.Discovery.ScanFiles.Inventory);
            Assert.Equal(inventory.Length, entry.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(inventory)), entry.GetProperty("sha256").GetString());
            var got = await requesterB.GetAsync(entry.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, got.StatusCode);
            Assert.Equal(inventory, await got.Content.ReadAsByteArrayAsync());
            Assert.Equal(catalog, await requesterB.GetByteArrayAsync($"/api/database-operations/{scan}/reports/{Engine.Discovery.ScanFiles.Catalog}"));

            // The dump stays where it was written: listed with the machine and path, never served.
            var dumpList = await b.JsonAsync(await requesterB.GetAsync($"/api/database-operations/{dump}/reports"));
            var output = dumpList.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "dump.sql");
            Assert.False(output.GetProperty("stored").GetBoolean());
            Assert.Equal(JsonValueKind.Null, output.GetProperty("url").ValueKind);
            Assert.Equal(Environment.MachineName + ":" + Path.Combine(OperationFiles.DirectoryOf(a.Settings, dump), "dump.sql"), output.GetProperty("location").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await requesterB.GetAsync($"/api/database-operations/{dump}/reports/dump.sql")).StatusCode);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Fact]
    public async Task A_report_over_the_size_limit_is_listed_with_where_it_stays_and_refused_with_OBS965()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 30, "svc_shared_cap");
        await using var f = await ServiceFixture.StartAsync(s => s with { ReportMaxBytes = 64 });
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        await f.RegisterAsync(admin, "uat", source, "UAT");
        var id = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT" });
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "execute" })).StatusCode);
        Assert.Equal("succeeded", (await f.WaitForAsync(requester, id, s => OperationStatus.IsFinal(s))).GetProperty("status").GetString());

        var path = Path.Combine(OperationFiles.DirectoryOf(f.Settings, id), Engine.Discovery.ScanFiles.Catalog);
        var list = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/reports"));
        var entry = list.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Engine.Discovery.ScanFiles.Catalog);
        Assert.False(entry.GetProperty("stored").GetBoolean());
        Assert.Equal(new FileInfo(path).Length, entry.GetProperty("bytes").GetInt64());
        Assert.Equal(Environment.MachineName + ":" + path, entry.GetProperty("location").GetString());
        var refused = await requester.GetAsync($"/api/database-operations/{id}/reports/{Engine.Discovery.ScanFiles.Catalog}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await f.JsonAsync(refused);
        Assert.Equal("OBS965", problem.GetProperty("code").GetString());
        Assert.Contains("over the 64-byte limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(f.Logs.Lines, l => l.Contains("OBS965", StringComparison.Ordinal) && l.Contains(Engine.Discovery.ScanFiles.Catalog, StringComparison.Ordinal));
        // The run summary lives in the operation itself and is still served.
        Assert.Equal(HttpStatusCode.OK, (await requester.GetAsync($"/api/database-operations/{id}/reports/summary.json")).StatusCode);

        var e = await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() => ServiceFixture.StartAsync(s => s with { ReportMaxBytes = 0 }));
        Assert.Equal("OBS966", Assert.Single(e.Diagnostics).Code);
    }
}
