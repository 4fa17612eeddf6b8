using System.Net;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>generate_sample, sample and anonymize_in_place through the API on real PostgreSQL databases.</summary>
public sealed class OperationTypeTests
{
    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action });

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Executes (no approvals needed between UAT and DEV) and waits for the end.</summary>
    private static async Task<JsonElement> RunAsync(ServiceFixture f, HttpClient requester, long id)
    {
        var executed = await ActAsync(requester, id, "execute");
        Assert.True(executed.StatusCode == HttpStatusCode.OK, await executed.Content.ReadAsStringAsync());
        return await f.WaitForAsync(requester, id, OperationStatusIsFinal);
    }

    private static bool OperationStatusIsFinal(string status) => Operations.OperationStatus.IsFinal(status);

    private static async Task<List<string>> ReportNamesAsync(ServiceFixture f, HttpClient client, long id)
    {
        var list = await f.JsonAsync(await client.GetAsync($"/api/database-operations/{id}/reports"));
        return list.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
    }

    [Fact]
    public async Task Generate_sample_fills_the_target_with_synthetic_rows_shaped_like_the_source()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 200, "svc_gen_src");
        var target = await TestDatabases.CreateAsync("postgres", "svc_gen_dst");
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            await f.RegisterAsync(admin, "dev", target, "DEV");
            var id = await CreateAsync(requester, new
            {
                operation_type = "generate_sample", source_env = "UAT", target_env = "DEV",
                generate = new { rows = new Dictionary<string, long> { ["users"] = 300, ["orders"] = 900 }, seed = 7 },
            });
            var done = await RunAsync(f, requester, id);
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            Assert.Equal(300, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            Assert.Equal(900, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders"));
            // Synthetic: no source value arrives, and every foreign key holds.
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users WHERE email LIKE 'user%@example.com'"));
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)"));
            var summary = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/reports/summary.json"));
            Assert.Equal(1200, summary.GetProperty("rows").GetInt64());
            Assert.Equal(7, summary.GetProperty("seed").GetInt64());
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            await ServiceDatabases.DropAsync(target);
        }
    }

    [Fact]
    public async Task Sample_writes_a_sample_with_its_closure_into_the_target_or_into_files()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 500, "svc_smp_src");
        var target = await TestDatabases.CreateAsync("postgres", "svc_smp_dst");
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            await f.RegisterAsync(admin, "dev", target, "DEV");
            var config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n";
            var intoTarget = await CreateAsync(requester, new
            {
                operation_type = "sample", source_env = "UAT", target_env = "DEV", anonymize = true, config,
                sample = new { table = "orders", size = 40, seed = 3 },
            });
            var done = await RunAsync(f, requester, intoTarget);
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            Assert.Equal(40, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders"));
            var users = await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users");
            Assert.InRange(users, 1, 40);
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)"));
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users WHERE email LIKE '%@example.com'"));
            Assert.Contains("sample-report.json", await ReportNamesAsync(f, requester, intoTarget));
            var summary = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{intoTarget}/reports/summary.json"));
            Assert.Equal(40, summary.GetProperty("selected").GetInt32());
            Assert.Equal(0, summary.GetProperty("rows").GetArrayLength()); // the chosen keys stay in sample-report.json

            // Without a target: CSV files in the operation's directory.
            var intoFiles = await CreateAsync(requester, new { operation_type = "sample", source_env = "UAT", sample = new { table = "users", size = 25 } });
            var files = await RunAsync(f, requester, intoFiles);
            Assert.True(files.GetProperty("status").GetString() == "succeeded", files.ToString());
            var directory = Path.Combine(f.Settings.DataDirectory, $"operation-{intoFiles}");
            var csv = Directory.GetFiles(directory, "*users*.csv", SearchOption.AllDirectories).Single();
            Assert.Equal(26, File.ReadAllLines(csv).Count(l => l.Length > 0)); // a header and 25 rows
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            await ServiceDatabases.DropAsync(target);
        }
    }

    [Fact]
    public async Task Anonymize_in_place_changes_the_source_after_a_verified_backup_and_leaves_its_reports()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 300, "svc_inpl");
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var auditor = await f.UserAsync("aud", ServiceRoles.Auditor);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var id = await CreateAsync(requester, new
            {
                operation_type = "anonymize_in_place", source_env = "UAT", anonymize = true,
                config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
            });
            var done = await RunAsync(f, requester, id);
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            await f.WaitForRunAuditAsync(id, "succeeded");
            Assert.Equal(300, await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM users"));
            Assert.Equal(0, await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM users WHERE email LIKE '%@example.com'"));
            Assert.True(File.Exists(Path.Combine(f.Settings.DataDirectory, $"operation-{id}", "backup", "manifest.json")));

            var names = await ReportNamesAsync(f, auditor, id);
            foreach (var name in new[] { "summary.json", "anonymization-report.json", "validation-report.json", "engine-audit.jsonl", "audit.jsonl" }) Assert.Contains(name, names);
            var validation = await f.JsonAsync(await auditor.GetAsync($"/api/database-operations/{id}/reports/validation-report.json"));
            Assert.True(validation.GetProperty("checks").GetArrayLength() > 0);
            var engineAudit = await auditor.GetStringAsync($"/api/database-operations/{id}/reports/engine-audit.jsonl");
            Assert.Contains("\"backup_verified\"", engineAudit, StringComparison.Ordinal);
            Assert.Contains("\"table_anonymized\"", engineAudit, StringComparison.Ordinal);
            var excerpt = (await auditor.GetStringAsync($"/api/database-operations/{id}/reports/audit.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("audit_log", JsonDocument.Parse(excerpt[0]).RootElement.GetProperty("type").GetString());
            Assert.All(excerpt.Skip(1), line => Assert.Equal($"operation:{id}", JsonDocument.Parse(line).RootElement.GetProperty("target").GetString()));
            Assert.Contains(excerpt, l => l.Contains("\"operation_create\"", StringComparison.Ordinal));
            Assert.Contains(excerpt, l => l.Contains("\"operation_run\"", StringComparison.Ordinal) && l.Contains("\"succeeded\"", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/database-operations/{id}/reports/backup")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/database-operations/{id}/reports/..%2Fservice.db")).StatusCode);
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Fact]
    public async Task A_failing_in_place_run_ends_rolled_back_with_the_source_unchanged()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 300, "svc_rollback");
        try
        {
            // The switch writes users again; this trigger refuses any such write, so the run fails inside its transaction.
            await TestDatabases.ExecuteAsync(source,
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'writes to users are frozen'; END $$",
                "CREATE TRIGGER users_frozen BEFORE INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION refuse()",
                "CREATE TRIGGER users_frozen_truncate BEFORE TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION refuse()");
            var before = await ServiceDatabases.DigestAsync(source, "users");
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var id = await CreateAsync(requester, new
            {
                operation_type = "anonymize_in_place", source_env = "UAT", anonymize = true,
                config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
            });
            var done = await RunAsync(f, requester, id);
            Assert.True(done.GetProperty("status").GetString() == "rolled_back", done.ToString());
            // It failed in the change itself, after the verified backup: the trigger's refusal.
            Assert.Contains("frozen", done.GetProperty("error").GetString(), StringComparison.Ordinal);
            var engineAudit = await requester.GetStringAsync($"/api/database-operations/{id}/reports/engine-audit.jsonl");
            Assert.Contains("\"backup_verified\"", engineAudit, StringComparison.Ordinal);
            Assert.Equal(before, await ServiceDatabases.DigestAsync(source, "users"));
            Assert.Equal(300, await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM users WHERE email LIKE '%@example.com'"));
            var progress = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/progress"));
            Assert.Equal("rolled_back", progress.GetProperty("status").GetString());
            var summary = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/reports/summary.json"));
            Assert.Equal("rolled_back", summary.GetProperty("status").GetString());
            await f.WaitForRunAuditAsync(id, "rolled_back");
            // Done is done: a rolled-back operation cannot be cancelled or executed again.
            Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(requester, id, "cancel")).StatusCode);
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Fact]
    public async Task Requests_of_these_types_are_checked_with_the_clis_diagnostics_before_anything_is_stored()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 10, "svc_checks");
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            await f.DataSourceAsync(admin, new { name = "dev", kind = "sqlite", database = Path.Combine(f.Directory, "dev.db"), environment = "DEV" });

            async Task<List<(string Field, string Code)>> ProblemsAsync(object body)
            {
                var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                return (await f.JsonAsync(response)).GetProperty("problems").EnumerateArray()
                    .Select(p => (p.GetProperty("field").GetString()!, p.GetProperty("code").GetString()!)).ToList();
            }

            Assert.Contains(("generate", "OBS940"), await ProblemsAsync(new { operation_type = "generate_sample", source_env = "UAT", target_env = "DEV" }));
            var badRows = await ProblemsAsync(new { operation_type = "generate_sample", source_env = "UAT", target_env = "DEV", tables = new[] { "users" }, generate = new { rows = new Dictionary<string, long> { ["users"] = -5 }, scale = -1.0 } });
            // The CLI's --rows diagnostics (OBS700) for the negative count and the negative scale.
            Assert.Equal(2, badRows.Count(p => p == ("generate.rows", "OBS700")));
            Assert.Contains(("tables", "OBS940"), badRows);
            var badSample = await ProblemsAsync(new { operation_type = "sample", source_env = "UAT", sample = new { size = 0, mix = "anomaly=90,random=20", format = "xlsx" } });
            foreach (var field in new[] { "sample.table", "sample.size", "sample.format" }) Assert.Contains((field, "OBS940"), badSample);
            Assert.Contains(("sample.mix", "OBS610"), badSample); // --mix's own diagnostic
            Assert.Contains(("sample", "OBS940"), await ProblemsAsync(new { operation_type = "sample", source_env = "UAT" }));
            var inPlace = await ProblemsAsync(new { operation_type = "anonymize_in_place", source_env = "UAT", target_env = "DEV" });
            Assert.Contains(("anonymize", "OBS900"), inPlace);
            Assert.Contains(("target_env", "OBS900"), inPlace);
            // The config is bound to the source's schema, as `obscura anonymize` binds it.
            Assert.Contains(("config:4", "OBS203"), await ProblemsAsync(new
            {
                operation_type = "anonymize_in_place", source_env = "UAT", anonymize = true, config = "tables:\n  users:\n    columns:\n      email: { strategy: nope }\n",
            }));
            Assert.Contains(("cron", "OBS941"), await ProblemsAsync(new { operation_type = "scan", source_env = "UAT", cron = "every night" }));
            Assert.Contains(("cron", "OBS941"), await ProblemsAsync(new { operation_type = "scan", source_env = "UAT", cron = "0 22 * * *", scheduled_at = f.Clock.GetUtcNow().AddDays(1) }));
            Assert.Contains(("run_of", "OBS900"), await ProblemsAsync(new { operation_type = "scan", source_env = "UAT", run_of = 1 }));
            Assert.Contains(("validate", "OBS900"), await ProblemsAsync(new { operation_type = "scan", source_env = "UAT", validate = false }));
            Assert.Empty(await f.Store.ListOperationsAsync(null, CancellationToken.None));
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }
}
