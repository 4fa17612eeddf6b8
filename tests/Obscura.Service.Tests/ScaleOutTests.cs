using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Jobs;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// Work distribution: operations split into table and key-range jobs that separate <c>obscura worker</c> processes take
/// from a PostgreSQL store, a worker killed outright (SIGKILL) losing nothing, and the embedded default resuming
/// unfinished work in process after a restart.
/// </summary>
public sealed class ScaleOutTests
{
    private const int BigRows = 2_000_000;
    private const string AnonymizeEmail = "tables:\n  big:\n    columns:\n      email: { strategy: hash }\n";

    [Fact]
    public async Task Two_worker_processes_share_a_partitioned_copy_and_a_worker_killed_with_sigkill_loses_nothing()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_scale_store");
        var source = await TestDatabases.CreateAsync("postgres", "svc_scale_src");
        var target1 = await TestDatabases.CreateAsync("postgres", "svc_scale_dst");
        var target2 = await TestDatabases.CreateAsync("postgres", "svc_scale_one");
        var workers = new List<WorkerProcess>();
        try
        {
            await TestDatabases.ExecuteAsync(source,
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO accounts SELECT i, 'account ' || i FROM generate_series(1, 1000) AS i",
                "CREATE TABLE big (id BIGINT PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), email TEXT NOT NULL, amount NUMERIC(12,2) NOT NULL, created DATE NOT NULL)",
                $"INSERT INTO big SELECT i, i % 1000 + 1, 'user' || i || '@example.com', (i % 100000) / 100.0, DATE '2020-01-01' + (i % 2000) FROM generate_series(1, {BigRows}) AS i",
                "CREATE INDEX big_created ON big(created)",
                "ANALYZE");

            // The API process only dispatches (no job workers); two `obscura worker` processes run every job.
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var f = await ServiceFixture.StartAsync(s => s with { Store = spec, Workers = 0, PartitionRows = 200_000, InvisibilityTimeout = TimeSpan.FromSeconds(10) });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.DataSourceAsync(admin, new { name = "qa", uri = Uri(source), environment = "QA" });
            await f.DataSourceAsync(admin, new { name = "dev", uri = Uri(target1), environment = "DEV" });
            await f.DataSourceAsync(admin, new { name = "dev-one", uri = Uri(target2), environment = "DEV_ONE" });
            for (var i = 0; i < 2; i++) workers.Add(WorkerProcess.Start(f, spec, i));

            var id = await RunCopyAsync(requester, "DEV");
            var jobs = (IOperationJobStore)f.Store;
            // Kill the first worker once it is writing a piece.
            var victim = workers[0];
            var until = DateTime.UtcNow.AddSeconds(180);
            List<string> taken;
            while (true)
            {
                var running = await jobs.ListJobsAsync(id, CancellationToken.None);
                taken = running.Where(j => JobKeys.IsPart(j.Key) && j.Status == "running" && j.Worker == victim.Name && j.RowsDone > 0).Select(j => j.Key).ToList();
                if (taken.Count > 0) break;
                Assert.True(DateTime.UtcNow < until, "the first worker never took a piece:\n" + string.Join("\n", workers.Select(w => w.Output)));
                Assert.DoesNotContain(running, j => j.Status == "failed");
                await Task.Delay(50);
            }
            victim.Kill();
            var killedAt = Stopwatch.StartNew();
            // A piece the victim finished between the look and the kill was not interrupted: only those still its own count.
            var atKill = await jobs.ListJobsAsync(id, CancellationToken.None);
            taken = taken.Where(k => atKill.Any(j => j.Key == k && j.Status == "running" && j.Worker == victim.Name)).ToList();

            var done = await f.WaitForAsync(requester, id, s => s is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(300));
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done + "\n" + string.Join("\n", workers.Select(w => w.Output)));
            Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(240), $"took {killedAt.Elapsed} after the kill");

            var all = await jobs.ListJobsAsync(id, CancellationToken.None);
            var parts = all.Where(j => JobKeys.IsPart(j.Key)).ToList();
            Assert.True(parts.Count >= 8, $"only {parts.Count} pieces");
            Assert.All(parts, p => Assert.Equal("done", p.Status));
            // What the killed worker was writing was delivered again and finished by the survivor.
            Assert.All(parts.Where(p => taken.Contains(p.Key)), p => Assert.True(p.Attempts >= 2 && p.Worker == workers[1].Name, $"{p.Key}: {p.Attempts} attempts, last by {p.Worker}"));

            var progress = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/progress"));
            Assert.Equal(BigRows + 1000, progress.GetProperty("rows_copied").GetInt64());
            Assert.Equal(2, progress.GetProperty("tables_completed").GetInt32());
            Assert.Equal(100, progress.GetProperty("percent").GetDouble());
            var report = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/report"));
            Assert.Equal(BigRows + 1000, report.GetProperty("rows").GetInt64());

            // The same operation with one worker gives the same target.
            var one = await RunCopyAsync(requester, "DEV_ONE");
            var oneDone = await f.WaitForAsync(requester, one, s => s is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(300));
            Assert.True(oneDone.GetProperty("status").GetString() == "succeeded", oneDone.ToString());

            Assert.Equal(BigRows, await TestDatabases.CountAsync(target1, "SELECT COUNT(*) FROM big"));
            Assert.Equal(0, await TestDatabases.CountAsync(target1, "SELECT COUNT(*) FROM big WHERE email LIKE '%@example.com'"));
            foreach (var sql in new[]
            {
                "SELECT md5(string_agg(id || '|' || account_id || '|' || email || '|' || amount || '|' || created, ',' ORDER BY id)) FROM big",
                "SELECT md5(string_agg(id || '|' || name, ',' ORDER BY id)) FROM accounts",
                // Keys, foreign keys and indexes were built once, after the pieces.
                "SELECT string_agg(conname::text || ':' || contype::text, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid IN ('big'::regclass, 'accounts'::regclass)",
                "SELECT string_agg(indexname::text, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'",
            })
            {
                var a = (await TestDatabases.QueryAsync(target1, sql)).Single()[0];
                var b = (await TestDatabases.QueryAsync(target2, sql)).Single()[0];
                Assert.NotNull(a);
                Assert.Equal(a, b);
            }
            Assert.Equal(1, await TestDatabases.CountAsync(target1, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'big'::regclass AND contype = 'f'"));
            Assert.Equal(1, await TestDatabases.CountAsync(target1, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'big'::regclass AND contype = 'p'"));
        }
        finally
        {
            foreach (var w in workers) w.Kill();
            foreach (var db in new[] { storeDb, source, target1, target2 }) await StoreContractTests.DropPostgresAsync(db);
        }

        async Task<long> RunCopyAsync(HttpClient requester, string targetEnv)
        {
            var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
            {
                operation_type = "copy_full", source_env = "QA", target_env = targetEnv, tables = new[] { "accounts", "big" }, anonymize = true, config = AnonymizeEmail,
            });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
            var executed = await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "execute" });
            Assert.True(executed.StatusCode == HttpStatusCode.OK, await executed.Content.ReadAsStringAsync());
            return id;
        }
    }

    [Fact]
    public async Task The_embedded_default_runs_pieces_in_process_and_resumes_unfinished_work_after_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", "resume-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var keyFile = Path.Combine(dir, "master.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var secretFile = Path.Combine(dir, "run.secret");
        await File.WriteAllTextAsync(secretFile, "a-fixed-run-secret-for-both-starts");
        var source = await TestDatabases.CreateAsync("sqlite", "svc_resume_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE big (id INTEGER PRIMARY KEY, email TEXT NOT NULL, amount REAL NOT NULL)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO big SELECT i, 'user' || i || '@example.com', i * 0.5 FROM n");
        var target = await TestDatabases.CreateAsync("postgres", "svc_resume_dst");
        ServiceSettings Same(ServiceSettings s, int start) => s with
        {
            Store = "sqlite:" + Path.Combine(dir, "store.db"), MasterKeyFile = keyFile, SecretFile = secretFile, AuditPath = Path.Combine(dir, $"audit{start}.jsonl"),
            Workers = 1, PartitionRows = 10_000,
        };
        try
        {
            long id;
            int doneBeforeStop;
            await using (var first = await ServiceFixture.StartAsync(s => Same(s, 1)))
            {
                var admin = await first.UserAsync("adam", ServiceRoles.Admin);
                var requester = await first.UserAsync("rita", ServiceRoles.Requester);
                await first.DataSourceAsync(admin, new { name = "qa", kind = "sqlite", database = source.Database, environment = "QA" });
                await first.DataSourceAsync(admin, new { name = "dev", uri = Uri(target), environment = "DEV" });
                var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
                {
                    operation_type = "copy_full", source_env = "QA", target_env = "DEV", anonymize = true, config = AnonymizeEmail,
                });
                id = (await first.JsonAsync(response)).GetProperty("id").GetInt64();
                await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "execute" });
                var jobs = (IOperationJobStore)first.Store;
                var until = DateTime.UtcNow.AddSeconds(120);
                while (true)
                {
                    var all = await jobs.ListJobsAsync(id, CancellationToken.None);
                    doneBeforeStop = all.Count(j => JobKeys.IsPart(j.Key) && j.Status == "done");
                    if (doneBeforeStop >= 2) break;
                    Assert.True(DateTime.UtcNow < until, "no piece finished");
                    await Task.Delay(20);
                }
                // Everything ran in this process: the embedded store has no other workers.
                Assert.All((await jobs.ListJobsAsync(id, CancellationToken.None)).Where(j => j.Worker is not null), j => Assert.Equal(JobExecutor.WorkerName, j.Worker));
                await first.App.StopAsync(); // the in-memory job queue is gone with the process
                var stopped = await first.Store.GetOperationAsync(id, CancellationToken.None);
                Assert.Equal("running", stopped!.Status);
                Assert.True(doneBeforeStop < 30, "the copy finished before the stop");
            }

            await using var second = await ServiceFixture.StartAsync(s => Same(s, 2));
            var client = await second.UserAsync("aude", ServiceRoles.Auditor);
            var done = await second.WaitForAsync(client, id, s => s is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(180));
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            var parts = (await ((IOperationJobStore)second.Store).ListJobsAsync(id, CancellationToken.None)).Where(j => JobKeys.IsPart(j.Key)).ToList();
            Assert.Equal(30, parts.Count);
            Assert.All(parts, p => Assert.Equal("done", p.Status));
            Assert.Equal(300_000, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM big"));
            Assert.Equal(300_000, await TestDatabases.CountAsync(target, "SELECT COUNT(DISTINCT id) FROM big"));
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM big WHERE email LIKE '%@example.com'"));
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(target);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_worker_refuses_an_embedded_store_and_an_invisibility_timeout_over_a_minute()
    {
        var e = await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() =>
            ObscuraWorkerHost.BuildAsync(new ServiceSettings { Store = "sqlite:x.db" }, Engine.ObscuraRuntime.CreateDefault(), 2));
        Assert.Contains("OBS912", e.Message, StringComparison.Ordinal);
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_worker_bad");
        try
        {
            e = await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() =>
                ObscuraWorkerHost.BuildAsync(new ServiceSettings { Store = StoreContractTests.PostgresSpec(storeDb), InvisibilityTimeout = TimeSpan.FromMinutes(30), AuditPath = Path.GetTempFileName() },
                    Engine.ObscuraRuntime.CreateDefault(), 2));
            Assert.Contains("OBS913", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }

    private static string Uri(DatabaseUri db) => $"{db.Scheme}://{db.User}:{System.Uri.EscapeDataString(db.Password!)}@{db.Host}:{db.Port}/{db.Database}";

    /// <summary>An <c>obscura worker</c> OS process running the built CLI, its output kept for failure messages.</summary>
    private sealed class WorkerProcess
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private WorkerProcess(Process process) => _process = process;

        public string Name => $"{Environment.MachineName}/{_process.Id}";

        public string Output
        {
            get { lock (_output) return $"--- worker {_process.Id}:\n{_output}"; }
        }

        public static WorkerProcess Start(ServiceFixture f, string storeSpec, int index)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = f.Directory,
            };
            foreach (var arg in new[]
            {
                CliDll(), "worker", "--store", storeSpec, "--concurrency", "2", "--invisibility-timeout", "10", "--partition-rows", "200000",
                "--audit-log", Path.Combine(f.Directory, $"worker{index}.jsonl"), "--data-dir", Path.Combine(f.Directory, "data"),
                "--master-key-file", f.Settings.MasterKeyFile!, "--secret-file", f.Settings.SecretFile!,
            }) info.ArgumentList.Add(arg);
            var process = Process.Start(info)!;
            var worker = new WorkerProcess(process);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (worker._output) worker._output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (worker._output) worker._output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }

        /// <summary>SIGKILL: no shutdown, no requeue; only the invisibility timeout brings its jobs back.</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        /// <summary>The CLI built next to this test assembly's configuration (src/Obscura.Cli/bin/CONFIG/TFM/obscura.dll).</summary>
        private static string CliDll()
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = bin.Name;
            var configuration = bin.Parent!.Name;
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Obscura.slnx"))) root = root.Parent;
            var dll = Path.Combine(root!.FullName, "src", "Obscura.Cli", "bin", configuration, tfm, "obscura.dll");
            Assert.True(File.Exists(dll), $"build the CLI first: {dll} is missing");
            return dll;
        }
    }
}
