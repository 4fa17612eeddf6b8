using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>Masked preview on real PostgreSQL: personal data masked for the caller's role, limits capped, every preview audited.</summary>
public sealed class PreviewTests
{
    private const string Customers =
        "INSERT INTO customers SELECT i, " +
        "lower((ARRAY['james','mary','john','patricia','robert','jennifer','michael','linda'])[1 + i % 8]) || '.' || " +
        "lower((ARRAY['smith','johnson','williams','brown','jones','garcia','miller','davis'])[1 + (i / 8) % 8]) || i || '@example.com', " +
        "(ARRAY['James','Mary','John','Patricia','Robert','Jennifer','Michael','Linda'])[1 + i % 8] || ' ' || " +
        "(ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis'])[1 + (i / 8) % 8], " +
        "(ARRAY['basic','pro','team'])[1 + i % 3], i * 7 FROM generate_series(1, 300) AS i";

    private static async Task<DatabaseUri> DatabaseAsync()
    {
        var uri = await TestDatabases.CreateAsync("postgres", "svc_prev");
        await TestDatabases.ExecuteAsync(uri,
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, full_name TEXT NOT NULL, plan TEXT NOT NULL, amount INTEGER NOT NULL)",
            Customers);
        return uri;
    }

    private static async Task DropAsync(DatabaseUri uri) =>
        await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)");

    private static object Body(DatabaseUri uri, string name, string classification) => new
    {
        name, kind = "postgres", host = uri.Host, port = uri.Port, database = uri.Database, username = uri.User, password = uri.Password,
        environment = name.ToUpperInvariant(), classification,
    };

    private static JsonElement Column(JsonElement preview, string name) =>
        preview.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static List<string?> Values(JsonElement preview, string name)
    {
        var index = preview.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList().IndexOf(name);
        return preview.GetProperty("rows").EnumerateArray().Select(r => r[index].ValueKind == JsonValueKind.Null ? null : r[index].ToString()).ToList();
    }

    [Fact]
    public async Task Personal_data_of_an_HRCI_source_is_masked_for_reviewers_and_clear_only_for_a_granted_role()
    {
        var uri = await DatabaseAsync();
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with
            {
                Preview = s.Preview with
                {
                    MaxRows = 5,
                    ClearTextGrants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["HRCI"] = [ServiceRoles.Security] },
                },
            });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
            var id = await f.DataSourceAsync(admin, Body(uri, "crm", "HRCI"));
            var emails = (await TestDatabases.QueryAsync(uri, "SELECT email, full_name FROM customers")).SelectMany(r => new[] { (string)r[0]!, (string)r[1]! }).ToHashSet<string?>();
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);

            var response = await dba.GetAsync($"/api/data-sources/{id}/preview?table=customers&limit=3");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var preview = JsonDocument.Parse(text).RootElement;
            Assert.Equal("classification", preview.GetProperty("masking").GetString());
            Assert.False(preview.GetProperty("clear_text_granted").GetBoolean());
            Assert.Equal(3, preview.GetProperty("rows").GetArrayLength());
            foreach (var column in new[] { "email", "full_name" })
            {
                Assert.Equal("masked", Column(preview, column).GetProperty("shown").GetString());
                Assert.NotNull(Column(preview, column).GetProperty("pii_kind").GetString());
                Assert.All(Values(preview, column), v => Assert.DoesNotContain(v, emails));
                Assert.All(Values(preview, column), v => Assert.False(string.IsNullOrEmpty(v)));
            }
            Assert.Equal("clear", Column(preview, "plan").GetProperty("shown").GetString());
            Assert.All(Values(preview, "plan"), v => Assert.Contains(v, new[] { "basic", "pro", "team" }));

            // The granted role sees personal data in clear; the limit is capped.
            var security = await f.UserAsync("sam", ServiceRoles.Security);
            var clear = await f.JsonAsync(await security.GetAsync($"/api/data-sources/{id}/preview?table=public.customers&limit=500"));
            Assert.True(clear.GetProperty("clear_text_granted").GetBoolean());
            Assert.True(clear.GetProperty("capped").GetBoolean());
            Assert.Equal(5, clear.GetProperty("rows").GetArrayLength());
            Assert.Equal("clear", Column(clear, "email").GetProperty("shown").GetString());
            Assert.All(Values(clear, "email"), v => Assert.Contains(v, emails));

            // Every preview is audited, never with a value.
            var records = await f.Store.QueryAuditAsync(new AuditQuery { Action = "data_source_preview" }, CancellationToken.None);
            Assert.Equal(2, records.Count);
            Assert.All(records, r => Assert.Equal("ok", r.Outcome));
            Assert.Contains(records, r => r.Actor == "dan" && r.Target == $"data_source:{id}/public.customers");
            var audit = await File.ReadAllTextAsync(f.Settings.AuditPath);
            Assert.DoesNotContain("@example.com", audit, StringComparison.Ordinal);
            Assert.DoesNotContain(f.Logs.Lines, l => l.Contains("@example.com", StringComparison.Ordinal));

            // ANALYST has no preview.
            var analyst = await f.UserAsync("ana", ServiceRoles.Analyst);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/data-sources/{id}/preview?table=customers")).StatusCode);
        }
        finally
        {
            await DropAsync(uri);
        }
    }

    [Fact]
    public async Task An_operation_preview_applies_its_config_and_on_HRCI_masks_what_the_config_leaves_in_clear()
    {
        var uri = await DatabaseAsync();
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var hrci = await f.DataSourceAsync(admin, Body(uri, "crm", "HRCI"));
            var internalCopy = await f.DataSourceAsync(admin, Body(uri, "crm-internal", "Proprietary"));
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var names = (await TestDatabases.QueryAsync(uri, "SELECT full_name FROM customers")).Select(r => (string)r[0]!).ToHashSet<string?>();

            async Task<long> OperationAsync(string source)
            {
                var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
                {
                    operation_type = "dump", source_env = source, tables = new[] { "customers" }, anonymize = true, format = "csv",
                    config = "tables:\n  customers:\n    columns:\n      email: { strategy: hash }\n",
                });
                var text = await created.Content.ReadAsStringAsync();
                Assert.True(created.StatusCode == HttpStatusCode.Created, text);
                return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
            }

            var onHrci = await f.JsonAsync(await requester.GetAsync($"/api/data-sources/{hrci}/preview?table=customers&operation_id={await OperationAsync(hrci)}"));
            Assert.Equal("operation", onHrci.GetProperty("masking").GetString());
            Assert.Equal("config", Column(onHrci, "email").GetProperty("source").GetString());
            Assert.Equal("hash", Column(onHrci, "email").GetProperty("strategy").GetString());
            Assert.Equal("draft", Column(onHrci, "full_name").GetProperty("source").GetString());
            Assert.All(Values(onHrci, "full_name"), v => Assert.DoesNotContain(v, names));

            // A Proprietary source shows what the operation would write: the name it leaves alone stays in clear.
            var internalOp = await OperationAsync(internalCopy);
            var onInternal = await f.JsonAsync(await requester.GetAsync($"/api/data-sources/{internalCopy}/preview?table=customers&operation_id={internalOp}"));
            Assert.Equal("clear", Column(onInternal, "full_name").GetProperty("shown").GetString());
            Assert.All(Values(onInternal, "full_name"), v => Assert.Contains(v, names));
            Assert.Equal("masked", Column(onInternal, "email").GetProperty("shown").GetString());

            // The operation must read this data source.
            var mismatch = await requester.GetAsync($"/api/data-sources/{hrci}/preview?table=customers&operation_id={internalOp}");
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            Assert.Contains("OBS931", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await DropAsync(uri);
        }
    }

    [Fact]
    public async Task An_unknown_table_or_a_bad_limit_is_a_400_problem_with_a_clear_message()
    {
        var uri = await DatabaseAsync();
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var id = await f.DataSourceAsync(admin, Body(uri, "crm", "Confidential"));
            var unknown = await admin.GetAsync($"/api/data-sources/{id}/preview?table=custmers");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
            var problem = await f.JsonAsync(unknown);
            var first = problem.GetProperty("problems")[0];
            Assert.Equal("table", first.GetProperty("field").GetString());
            Assert.Contains("unknown table 'custmers'", first.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("customers", first.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var bad = await f.JsonAsync(await admin.GetAsync($"/api/data-sources/{id}/preview?limit=0"));
            Assert.Equal(["table", "limit"], bad.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/data-sources/nope/preview?table=customers")).StatusCode);
            var records = await f.Store.QueryAuditAsync(new AuditQuery { Action = "data_source_preview" }, CancellationToken.None);
            Assert.Equal(["not_found", "invalid", "invalid"], records.Select(r => r.Outcome));
        }
        finally
        {
            await DropAsync(uri);
        }
    }
}
