using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Audit;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The preview's withheld path: personal data the scan finds but no drafted strategy can mask (a photo URL in a column
/// of a type no strategy takes) is withheld (null) for a role without the grant, on SQLite and PostgreSQL sources, and
/// every preview — answered, withheld, refused — is audited without a value.
/// </summary>
public sealed class PreviewWithheldTests
{
    private static readonly string[] First = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda"];
    private static readonly string[] Last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"];

    private static (string Name, string Email, string Photo) Member(int i)
    {
        var (f, l) = (First[i % 8], Last[i / 8 % 8]);
        return ($"{f} {l}", $"{f.ToLowerInvariant()}.{l.ToLowerInvariant()}{i}@example.com", $"https://cdn.example.com/photos/{i}.jpg");
    }

    private static JsonElement Column(JsonElement preview, string name) =>
        preview.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static List<string?> Values(JsonElement preview, string name)
    {
        var index = preview.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList().IndexOf(name);
        return preview.GetProperty("rows").EnumerateArray().Select(r => r[index].ValueKind == JsonValueKind.Null ? null : r[index].ToString()).ToList();
    }

    private static async Task<string> SqliteSourceAsync(string directory)
    {
        var path = Path.Combine(directory, "members.db");
        var uri = DatabaseUri.Parse("sqlite:" + path);
        await using (var create = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path)) await create.OpenAsync();
        // PICTURE is no type any strategy takes (class other), and NOT NULL rules out "null": the draft has no rule for photo.
        var rows = string.Join(", ", Enumerable.Range(1, 200).Select(i =>
        {
            var (name, email, photo) = Member(i);
            return $"({i}, '{name}', '{email}', '{photo}', '{(i % 3 == 0 ? "basic" : "pro")}')";
        }));
        await TestDatabases.ExecuteAsync(uri,
            "CREATE TABLE members (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL, photo PICTURE NOT NULL, plan TEXT NOT NULL)",
            "INSERT INTO members VALUES " + rows);
        return path;
    }

    private static async Task<DatabaseUri> PostgresSourceAsync()
    {
        var uri = await TestDatabases.CreateAsync("postgres", "svc_withheld");
        var rows = string.Join(", ", Enumerable.Range(1, 200).Select(i =>
        {
            var (name, email, photo) = Member(i);
            return $"({i}, '{name}', '{email}', '{photo}', '{(i % 3 == 0 ? "basic" : "pro")}')";
        }));
        // xml is a type no strategy takes (class other).
        await TestDatabases.ExecuteAsync(uri,
            "CREATE TABLE members (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL, photo xml NOT NULL, plan TEXT NOT NULL)",
            "INSERT INTO members VALUES " + rows);
        return uri;
    }

    [Fact]
    public Task On_SQLite_a_column_no_strategy_can_mask_is_withheld_unless_the_role_is_granted_and_every_preview_is_audited() =>
        WithheldAsync("sqlite");

    [Fact]
    public Task On_PostgreSQL_a_column_no_strategy_can_mask_is_withheld_unless_the_role_is_granted_and_every_preview_is_audited() =>
        WithheldAsync("postgres");

    private static async Task WithheldAsync(string kind)
    {
        DatabaseUri? pg = null;
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            Preview = s.Preview with
            {
                ClearTextGrants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["Confidential"] = [ServiceRoles.Security] },
            },
        });
        try
        {
            object body;
            if (kind == "sqlite")
            {
                body = new { name = "members", kind, database = await SqliteSourceAsync(f.Directory), environment = "PROD", classification = "Confidential" };
            }
            else
            {
                pg = await PostgresSourceAsync();
                body = new
                {
                    name = "members", kind, host = pg.Host, port = pg.Port, database = pg.Database, username = pg.User, password = pg.Password,
                    environment = "PROD", classification = "Confidential",
                };
            }
            var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
            var id = await f.DataSourceAsync(admin, body);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            var secrets = Enumerable.Range(1, 200).Select(Member).SelectMany(m => new[] { m.Name, m.Email, m.Photo }).ToHashSet<string?>();

            // A role without the grant: the photo is withheld (null in every row), the names and emails masked, the plan clear.
            var response = await dba.GetAsync($"/api/data-sources/{id}/preview?table=members&limit=10");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var preview = JsonDocument.Parse(text).RootElement;
            Assert.False(preview.GetProperty("clear_text_granted").GetBoolean());
            Assert.Equal(10, preview.GetProperty("rows").GetArrayLength());
            var photo = Column(preview, "photo");
            Assert.Equal("withheld", photo.GetProperty("shown").GetString());
            Assert.Equal("photo", photo.GetProperty("pii_kind").GetString());
            Assert.Equal(JsonValueKind.Null, photo.GetProperty("strategy").ValueKind);
            Assert.All(Values(preview, "photo"), Assert.Null);
            foreach (var masked in new[] { "full_name", "email" })
            {
                Assert.Equal("masked", Column(preview, masked).GetProperty("shown").GetString());
                Assert.All(Values(preview, masked), v => Assert.False(string.IsNullOrEmpty(v)));
            }
            Assert.Equal("clear", Column(preview, "plan").GetProperty("shown").GetString());
            Assert.DoesNotContain("cdn.example.com", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Enumerable.Range(1, 200).Select(i => Member(i).Email), e => text.Contains(e, StringComparison.Ordinal));

            // The operation's config masks the email only: the name gets the draft's strategy, the photo stays withheld.
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
            {
                operation_type = "dump", source_env = id, tables = new[] { "members" }, anonymize = true, format = "csv",
                config = "tables:\n  members:\n    columns:\n      email: { strategy: hash }\n",
            });
            var createdText = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
            var operationId = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetInt64();
            var onOperation = await f.JsonAsync(await requester.GetAsync($"/api/data-sources/{id}/preview?table=members&limit=5&operation_id={operationId}"));
            Assert.Equal("config", Column(onOperation, "email").GetProperty("source").GetString());
            Assert.Equal("draft", Column(onOperation, "full_name").GetProperty("source").GetString());
            Assert.Equal("withheld", Column(onOperation, "photo").GetProperty("shown").GetString());
            Assert.All(Values(onOperation, "photo"), Assert.Null);

            // The granted role sees the photo in clear: the same rows the source holds.
            var security = await f.UserAsync("sam", ServiceRoles.Security);
            var clear = await f.JsonAsync(await security.GetAsync($"/api/data-sources/{id}/preview?table=members&limit=10"));
            Assert.True(clear.GetProperty("clear_text_granted").GetBoolean());
            Assert.Equal("clear", Column(clear, "photo").GetProperty("shown").GetString());
            Assert.All(Values(clear, "photo"), v => Assert.Contains(v, secrets));

            // Refused previews: a role without preview access (403) and an unknown table (400).
            var analyst = await f.UserAsync("ana", ServiceRoles.Analyst);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/data-sources/{id}/preview?table=members")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await dba.GetAsync($"/api/data-sources/{id}/preview?table=member")).StatusCode);

            var previews = await f.Store.QueryAuditAsync(new AuditQuery { Action = "data_source_preview" }, CancellationToken.None);
            Assert.Equal(["invalid", "ok", "ok", "ok"], previews.Select(r => r.Outcome));
            Assert.Equal(["dan", "sam", "rita", "dan"], previews.Select(r => r.Actor));
            Assert.All(previews.Where(r => r.Outcome == "ok"), r => Assert.Equal($"data_source:{id}/{(kind == "sqlite" ? "members" : "public.members")}", r.Target));
            var forbidden = await f.Store.QueryAuditAsync(new AuditQuery { Actor = "ana", Outcome = "forbidden" }, CancellationToken.None);
            Assert.Equal($"/api/data-sources/{id}/preview", Assert.Single(forbidden).Target);

            var verified = AuditVerifier.Verify(f.Settings.AuditPath);
            Assert.True(verified.Valid, verified.Message);
            var audit = await File.ReadAllTextAsync(f.Settings.AuditPath);
            Assert.DoesNotContain(secrets, s => audit.Contains(s!, StringComparison.Ordinal));
            Assert.DoesNotContain(f.Logs.Lines, l => l.Contains("cdn.example.com", StringComparison.Ordinal) || l.Contains(".com/photos", StringComparison.Ordinal));
            Assert.DoesNotContain(f.Logs.Lines, l => secrets.Any(s => s!.Contains('@') && l.Contains(s, StringComparison.Ordinal)));
        }
        finally
        {
            if (pg is not null) await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{pg.Database}\" WITH (FORCE)");
        }
    }
}
