using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// A process killed between claiming an operation and adding its start job: on either store, another (or the same,
/// still running) process finds the operation and it runs, instead of staying <c>running</c> forever.
/// </summary>
public sealed class StalledClaimTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_operation_a_dead_process_claimed_but_never_handed_over_is_run(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", "stalled-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        DatabaseUri? storeDb = kind == "postgres" ? await TestDatabases.CreateAsync("postgres", "svc_stalled_store") : null;
        var spec = storeDb is null ? "sqlite:" + Path.Combine(dir, "store.db") : StoreContractTests.PostgresSpec(storeDb);
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_stalled_src");
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with
            {
                Store = spec, StalledClaimCheckInterval = TimeSpan.FromMilliseconds(200), StalledClaimAfter = TimeSpan.FromSeconds(1),
            });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");

            // Claimed by a process that died before adding the start job (its clock said a week ago: only this process's
            // own time counts).
            var id = await ClaimedByTheDeadAsync(f, requester, TimeSpan.FromDays(7));
            var done = await f.WaitForAsync(requester, id, s => OperationStatus.IsFinal(s));
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            Assert.Contains(f.Logs.Lines, l => l.Contains($"operation {id} was claimed and never handed over for ", StringComparison.Ordinal) && l.Contains("(its process stopped): queued again", StringComparison.Ordinal));
            Assert.Equal(2, (await f.Store.GetOperationAsync(id, CancellationToken.None))!.Attempts);
        }
        finally
        {
            if (storeDb is not null) await StoreContractTests.DropPostgresAsync(storeDb);
            await ServiceDatabases.DropAsync(source);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task An_operation_seen_without_a_job_for_less_than_the_stall_time_is_left_alone()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_stalled_fresh");
        try
        {
            // Checked every 100 ms, stalled after the default 2 minutes: another process may be handing it over right now.
            await using var f = await ServiceFixture.StartAsync(s => s with { StalledClaimCheckInterval = TimeSpan.FromMilliseconds(100) });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var id = await ClaimedByTheDeadAsync(f, requester, TimeSpan.FromDays(7));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(OperationStatus.Running, (await f.Store.GetOperationAsync(id, CancellationToken.None))!.Status);
            Assert.Empty(await ((IOperationJobStore)f.Store).ListJobsAsync(id, CancellationToken.None));
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }

    /// <summary>An approved scan, then set to what a claim leaves (running, started <paramref name="ago"/>, one attempt) as if its process died.</summary>
    private static async Task<long> ClaimedByTheDeadAsync(ServiceFixture f, HttpClient requester, TimeSpan ago)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
        var op = (await f.Store.GetOperationAsync(id, CancellationToken.None))!;
        Assert.Equal(OperationStatus.Approved, op.Status);
        var started = f.Clock.GetUtcNow() - ago;
        Assert.True(await f.Store.UpdateOperationAsync(op with { Status = OperationStatus.Running, StartedAt = started, UpdatedAt = started, Attempts = 1 }, op.Status, CancellationToken.None));
        return id;
    }
}
