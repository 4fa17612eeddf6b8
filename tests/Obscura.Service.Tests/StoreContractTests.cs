using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The store contract, run against both stores: the embedded SQLite file and a throwaway PostgreSQL database. The service,
/// the dispatcher and the jobs rely on exactly these behaviours (compare-and-set, one claim per operation, attempt-owned jobs).
/// </summary>
public sealed class StoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh store of <paramref name="kind"/> and how to drop it.</summary>
    internal static async Task<(IServiceStore Store, string Spec, Func<Task> Drop)> CreateAsync(string kind)
    {
        if (kind == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var spec = "sqlite:" + Path.Combine(dir, "store.db");
            return (ServiceStores.Open(spec), spec, () =>
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
                return Task.CompletedTask;
            });
        }
        var uri = await TestDatabases.CreateAsync("postgres", "svc_store");
        var pgSpec = PostgresSpec(uri);
        return (ServiceStores.Open(pgSpec), pgSpec, () => DropPostgresAsync(uri));
    }

    internal static string PostgresSpec(DatabaseUri uri) =>
        $"postgres://{uri.User}:{Uri.EscapeDataString(uri.Password!)}@{uri.Host}:{uri.Port}/{uri.Database}";

    internal static Task DropPostgresAsync(DatabaseUri uri) =>
        TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)");

    private static OperationRecord Operation(long user, string status, DateTimeOffset? scheduled = null) => new()
    {
        OperationType = "copy_full", RequestedBy = user, RequestJson = "{}", Fingerprint = "fp", Status = status, RequiredRoles = ["DBA"],
        ScheduledAt = scheduled, CreatedAt = T0, UpdatedAt = T0,
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Users_data_sources_approvals_progress_and_audit_round_trip(string kind)
    {
        var (store, _, drop) = await CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            await store.MigrateAsync(CancellationToken.None); // a second start migrates nothing
            Assert.True(await store.PingAsync(CancellationToken.None));

            var bob = await store.AddUserAsync("bob", ["DBA", "AUDITOR"], "hash-b", T0, CancellationToken.None);
            var amy = await store.AddUserAsync("amy", ["REQUESTER"], "hash-a", T0, CancellationToken.None);
            await Assert.ThrowsAnyAsync<Exception>(() => store.AddUserAsync("bob", ["DBA"], "hash-c", T0, CancellationToken.None));
            Assert.Equal(["amy", "bob"], (await store.ListUsersAsync(CancellationToken.None)).Select(u => u.Name));
            Assert.Equal(["DBA", "AUDITOR"], (await store.FindUserByTokenHashAsync("hash-b", CancellationToken.None))!.Roles);
            Assert.True(await store.SetUserDisabledAsync("bob", true, CancellationToken.None));
            Assert.True((await store.FindUserAsync("bob", CancellationToken.None))!.Disabled);
            Assert.True(await store.SetUserTokenAsync("bob", "hash-new", CancellationToken.None));
            Assert.Null(await store.FindUserByTokenHashAsync("hash-b", CancellationToken.None));
            Assert.False(await store.SetUserTokenAsync("nobody", "x", CancellationToken.None));
            Assert.Equal(T0, (await store.FindUserAsync("amy", CancellationToken.None))!.CreatedAt);

            var source = new DataSourceRecord
            {
                Id = "ds1", Name = "crm", Kind = "postgres", Host = "db1", Port = 5432, Database = "crm", Username = "u", Environment = "PROD",
                Classification = "HRCI", TlsMode = "require", PasswordCipher = "v1:k:abc", CreatedAt = T0, UpdatedAt = T0,
            };
            await store.AddDataSourceAsync(source, CancellationToken.None);
            Assert.Equal(source, await store.GetDataSourceAsync("ds1", CancellationToken.None));
            await store.UpdateDataSourceAsync(source with { Environment = "UAT", Port = null, UpdatedAt = T0.AddHours(1) }, CancellationToken.None);
            var updated = (await store.ListDataSourcesAsync(CancellationToken.None)).Single();
            Assert.Equal(("UAT", (int?)null, T0.AddHours(1)), (updated.Environment, updated.Port, updated.UpdatedAt));
            Assert.True(await store.DeleteDataSourceAsync("ds1", CancellationToken.None));
            Assert.False(await store.DeleteDataSourceAsync("ds1", CancellationToken.None));

            var op = await store.AddOperationAsync(Operation(amy.Id, "pending_approval"), CancellationToken.None);
            await store.AddApprovalAsync(new ApprovalRecord(0, op.Id, bob.Id, "", "DBA", "approve", "ok", "fp", T0), CancellationToken.None);
            var approval = Assert.Single(await store.ListApprovalsAsync(op.Id, CancellationToken.None));
            Assert.Equal(("bob", "DBA", "approve", "ok"), (approval.UserName, approval.Role, approval.Decision, approval.Comments));

            Assert.Null(await store.GetProgressAsync(op.Id, CancellationToken.None));
            await store.SaveProgressAsync(op.Id, "{\"a\":1}", T0, CancellationToken.None);
            await store.SaveProgressAsync(op.Id, "{\"a\":2}", T0, CancellationToken.None);
            Assert.Equal("{\"a\":2}", await store.GetProgressAsync(op.Id, CancellationToken.None));
            // A running snapshot replaces a running one, and the final one replaces it; a late running one after that keeps nothing.
            await store.SaveProgressAsync(op.Id, "{\"status\":\"running\",\"rows\":5}", T0, CancellationToken.None);
            await store.SaveProgressAsync(op.Id, "{\"status\":\"succeeded\",\"rows\":9}", T0, CancellationToken.None);
            await store.SaveProgressAsync(op.Id, "{\"status\":\"running\",\"rows\":7}", T0, CancellationToken.None);
            Assert.Equal("{\"status\":\"succeeded\",\"rows\":9}", await store.GetProgressAsync(op.Id, CancellationToken.None));

            await store.AddAuditAsync(new AuditRecord(0, T0, "bob", "DBA", "approve", "operation:1", "127.0.0.1", "ok", 1, "h1"), CancellationToken.None);
            await store.AddAuditAsync(new AuditRecord(0, T0.AddMinutes(1), "amy", null, "execute", "operation:1", null, "conflict", 2, "h2"), CancellationToken.None);
            Assert.Equal(["amy", "bob"], (await store.QueryAuditAsync(new AuditQuery(), CancellationToken.None)).Select(a => a.Actor));
            Assert.Equal("h1", Assert.Single(await store.QueryAuditAsync(new AuditQuery { Actor = "bob" }, CancellationToken.None)).AuditHash);
            Assert.Single(await store.QueryAuditAsync(new AuditQuery { Since = T0.AddSeconds(30) }, CancellationToken.None));
            Assert.Single(await store.QueryAuditAsync(new AuditQuery { Until = T0.AddSeconds(30), Outcome = "ok" }, CancellationToken.None));
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Status_changes_are_compare_and_set_and_every_operation_is_claimed_once(string kind)
    {
        var (store, _, drop) = await CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var user = await store.AddUserAsync("amy", ["REQUESTER"], "h", T0, CancellationToken.None);
            var op = await store.AddOperationAsync(Operation(user.Id, "approved"), CancellationToken.None);
            Assert.False(await store.UpdateOperationAsync(op with { Status = "queued" }, "pending_approval", CancellationToken.None));
            Assert.True(await store.UpdateOperationAsync(op with { Status = "queued" }, "approved", CancellationToken.None));
            Assert.Equal(["queued"], (await store.ListOperationsAsync("queued", CancellationToken.None)).Select(o => o.Status));

            // A decision read before the request changed (same status, new fingerprint) must not write the old request back.
            var pending = await store.AddOperationAsync(Operation(user.Id, "pending_approval"), CancellationToken.None);
            Assert.True(await store.UpdateOperationAsync(pending with { RequestJson = "{\"v\":2}", Fingerprint = "f2" }, "pending_approval", pending.Fingerprint, CancellationToken.None));
            Assert.False(await store.UpdateOperationAsync(pending with { Status = "approved" }, "pending_approval", pending.Fingerprint, CancellationToken.None));
            var kept = (await store.GetOperationAsync(pending.Id, CancellationToken.None))!;
            Assert.Equal(("f2", "pending_approval"), (kept.Fingerprint, kept.Status));
            Assert.True(await store.UpdateOperationAsync(kept with { Status = "cancelled" }, "pending_approval", CancellationToken.None));

            var later = await store.AddOperationAsync(Operation(user.Id, "scheduled", T0.AddHours(1)), CancellationToken.None);
            for (var i = 0; i < 10; i++) await store.AddOperationAsync(Operation(user.Id, "queued"), CancellationToken.None);
            // Twelve claimers race for eleven due operations: each is taken exactly once, the future one not at all.
            var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.ClaimNextAsync(T0, CancellationToken.None))));
            var claimed = claims.Where(c => c is not null).Select(c => c!).ToList();
            Assert.Equal(11, claimed.Count);
            Assert.Equal(11, claimed.Select(c => c.Id).Distinct().Count());
            Assert.All(claimed, c => Assert.Equal(("running", 1), (c.Status, c.Attempts)));
            Assert.DoesNotContain(claimed, c => c.Id == later.Id);
            Assert.Null(await store.ClaimNextAsync(T0, CancellationToken.None));
            Assert.Equal(later.Id, (await store.ClaimNextAsync(T0.AddHours(2), CancellationToken.None))!.Id);

            var first = claimed[0];
            Assert.True(await store.UpdateOperationAsync(first with { CancelRequested = true }, "running", CancellationToken.None));
            Assert.Equal(11, await store.RequeueInterruptedAsync(T0, CancellationToken.None));
            Assert.Equal("cancelled", (await store.GetOperationAsync(first.Id, CancellationToken.None))!.Status);
            Assert.Equal(11, (await store.ListOperationsAsync("queued", CancellationToken.None)).Count);
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_job_is_owned_by_its_latest_attempt_only(string kind)
    {
        var (store, _, drop) = await CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var jobs = (IOperationJobStore)store;
            var user = await store.AddUserAsync("amy", ["REQUESTER"], "h", T0, CancellationToken.None);
            var op = await store.AddOperationAsync(Operation(user.Id, "running"), CancellationToken.None);
            var part = new OperationJobRecord { OperationId = op.Id, Key = "part:00000", Status = "pending", RowsEstimated = 100, Spec = "{\"table\":\"t\"}" };
            await jobs.AddJobsAsync([part, new OperationJobRecord { OperationId = op.Id, Key = "finish", Status = "waiting" }], CancellationToken.None);
            await jobs.AddJobsAsync([part with { Status = "done" }], CancellationToken.None); // adding again keeps the first
            Assert.Equal(["finish", "part:00000"], (await jobs.ListJobsAsync(op.Id, CancellationToken.None)).Select(j => j.Key));

            Assert.Null(await jobs.ClaimJobAsync(op.Id, "finish", "a0", "w0", T0, CancellationToken.None)); // waiting: not claimable
            var a = await jobs.ClaimJobAsync(op.Id, "part:00000", "attempt-a", "w1", T0, CancellationToken.None);
            Assert.Equal(("running", "attempt-a", "w1", 1), (a!.Status, a.AttemptId, a.Worker, a.Attempts));
            Assert.True(await jobs.UpdateJobAsync(op.Id, "part:00000", "attempt-a", "running", 40, null, T0, CancellationToken.None));
            // Delivered again (its worker died): the new attempt owns it, the old one can no longer finish it.
            var b = await jobs.ClaimJobAsync(op.Id, "part:00000", "attempt-b", "w2", T0.AddSeconds(50), CancellationToken.None);
            Assert.Equal(("attempt-b", 2, 0L), (b!.AttemptId, b.Attempts, b.RowsDone));
            Assert.False(await jobs.UpdateJobAsync(op.Id, "part:00000", "attempt-a", "done", 100, null, T0, CancellationToken.None));
            Assert.True(await jobs.UpdateJobAsync(op.Id, "part:00000", "attempt-b", "done", 100, null, T0.AddSeconds(60), CancellationToken.None));
            Assert.Null(await jobs.ClaimJobAsync(op.Id, "part:00000", "attempt-c", "w3", T0, CancellationToken.None));
            var done = (await jobs.ListJobsAsync(op.Id, CancellationToken.None)).Single(j => j.Key == "part:00000");
            Assert.Equal(("done", 100L, (DateTimeOffset?)T0.AddSeconds(60)), (done.Status, done.RowsDone, done.FinishedAt));

            // The finish is handed over once, however many pieces see the set complete.
            var handovers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => jobs.SetJobStatusAsync(op.Id, "finish", "waiting", "pending", T0, CancellationToken.None))));
            Assert.Equal(1, handovers.Count(h => h));
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }

    [Fact]
    public void A_bad_store_value_is_refused_with_its_code()
    {
        var e = Assert.Throws<Core.Diagnostics.ObscuraConfigException>(() => ServiceStores.Open("mysql://u@h/db"));
        Assert.Contains("OBS910", e.ToString(), StringComparison.Ordinal);
        e = Assert.Throws<Core.Diagnostics.ObscuraConfigException>(() => ServiceStores.Open("postgres://u:secret-pw@h"));
        Assert.Contains("OBS910", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", e.ToString(), StringComparison.Ordinal);
    }
}
