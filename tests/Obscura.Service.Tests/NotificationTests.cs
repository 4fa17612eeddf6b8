using System.Net;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Notifications;

namespace Obscura.Service.Tests;

public sealed class NotificationTests
{
    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, comments = "ok" });

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Approvers_hear_of_requests_decisions_and_outcomes_by_webhook_and_email_and_a_dead_webhook_blocks_nothing()
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        await using var smtp = new TestSmtpServer();
        var passwordVariable = "OBSCURA_TEST_SMTP_PASSWORD_" + Guid.NewGuid().ToString("N");
        var smtpPassword = "smtp-" + Guid.NewGuid().ToString("N");
        var hookToken = "T0K3N" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(passwordVariable, smtpPassword);
        // A port nothing listens on: every attempt fails at once.
        var dead = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        dead.Start();
        var deadPort = ((IPEndPoint)dead.LocalEndpoint).Port;
        dead.Stop();
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 50, "svc_notify");
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with
            {
                Notifications = new NotificationSettings
                {
                    Webhooks = [hooks.BaseUrl + "/hook?token=" + hookToken, hooks.BaseUrl + "/flaky", $"http://127.0.0.1:{deadPort}/gone"],
                    Attempts = 3, Backoff = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(5),
                    Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, Tls = "none", From = "obscura@example.org", Username = "notifier", Password = "env:" + passwordVariable },
                    Recipients = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["DBA"] = ["dba-team@example.org"], ["MANAGER"] = ["boss@example.org"], ["REQUESTER"] = ["requesters@example.org"],
                    },
                    PublicUrl = "https://obscura.example.org",
                },
            });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            var manager = await f.UserAsync("mia", ServiceRoles.Manager);
            await f.RegisterAsync(admin, "uat", source, "UAT");

            var id = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA", "MANAGER" } });
            var needed = await hooks.WaitForAsync("/hook", $"operation {id} ", "needs approval from DBA, MANAGER", "requested by rita", $"https://obscura.example.org/api/database-operations/{id}");
            await hooks.WaitForAsync("/flaky", $"operation {id} ", "needs approval");
            Assert.True(hooks.FlakyCalls >= 2, "the flaky hook was retried");
            var mail = await smtp.WaitForAsync(m => m.Data.Contains($"Approval needed: Obscura operation {id}", StringComparison.Ordinal));
            Assert.Equal("obscura@example.org", mail.From);
            Assert.Equal(new[] { "boss@example.org", "dba-team@example.org" }, mail.To.Order().ToArray());
            Assert.Equal(("notifier", smtpPassword), (mail.AuthUser, mail.AuthPassword));
            Assert.Contains("needs approval from DBA, MANAGER", mail.Data, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, id, "approve", "DBA")).StatusCode);
            await hooks.WaitForAsync("/hook", $"operation {id} ", "approved by dan as DBA.");
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, id, "approve", "MANAGER")).StatusCode);
            await hooks.WaitForAsync("/hook", $"operation {id} ", "approved by mia as MANAGER; every required role has approved");
            await smtp.WaitForAsync(m => m.Data.Contains($"Approved: Obscura operation {id}", StringComparison.Ordinal) && m.To.Contains("requesters@example.org"));
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, id, "execute")).StatusCode);
            await f.WaitForAsync(requester, id, s => s == "succeeded");
            await hooks.WaitForAsync("/hook", $"operation {id} ", "succeeded", $"/api/database-operations/{id}/reports");
            await smtp.WaitForAsync(m => m.Data.Contains($"Succeeded: Obscura operation {id}", StringComparison.Ordinal));

            // A rejection, and a run that fails (its database does not exist).
            var rejected = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, rejected, "reject", "DBA")).StatusCode);
            await hooks.WaitForAsync("/hook", $"operation {rejected} ", "was rejected by dan as DBA");
            await f.DataSourceAsync(admin, new { name = "gone", kind = "postgres", host = source.Host, port = source.Port, database = source.Database + "_missing", username = source.User, password = source.Password, environment = "QA" });
            var failing = await CreateAsync(requester, new { operation_type = "scan", source_env = "QA" });
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, failing, "execute")).StatusCode);
            await f.WaitForAsync(requester, failing, s => s == "failed");
            await hooks.WaitForAsync("/hook", $"operation {failing} ", "failed.");
            await smtp.WaitForAsync(m => m.Data.Contains($"Failed: Obscura operation {failing}", StringComparison.Ordinal));

            // The dead hook failed after its retries: audited and logged, and every request above was answered meanwhile.
            var until = DateTime.UtcNow.AddSeconds(30);
            while ((await f.Store.QueryAuditAsync(new Store.AuditQuery { Action = "notification_webhook", Outcome = "failed" }, CancellationToken.None)).Count == 0)
            {
                Assert.True(DateTime.UtcNow < until, "the dead webhook's failure was never audited");
                await Task.Delay(100);
            }
            Assert.Contains(f.Logs.Lines, l => l.Contains("webhook 3 failed after 3 attempts", StringComparison.Ordinal));
            await Eventually.UntilAsync(async () => (await f.Store.QueryAuditAsync(new Store.AuditQuery { Action = "notification_email", Outcome = "sent" }, CancellationToken.None)).Count > 0,
                TimeSpan.FromSeconds(30), "no e-mail was audited as sent");

            // No row values, tokens or passwords in messages, logs or the audit.
            var everything = string.Join("\n", hooks.Received.Select(r => r.Text).Concat(smtp.Messages.Select(m => m.Data)));
            Assert.DoesNotContain("@example.com", everything, StringComparison.Ordinal);
            var logs = string.Join("\n", f.Logs.Lines);
            var auditText = await File.ReadAllTextAsync(f.Settings.AuditPath);
            foreach (var secret in new[] { smtpPassword, hookToken })
            {
                Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, auditText, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(passwordVariable, null);
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Fact]
    public void Invalid_notification_settings_are_refused_with_OBS942_listing_every_problem()
    {
        var settings = new NotificationSettings
        {
            Webhooks = ["ftp://example.org/x"],
            Attempts = 0,
            Smtp = new SmtpSettings { Host = "", From = "not an address", Tls = "maybe", Password = "plain-password" },
        };
        var e = Assert.Throws<Core.Diagnostics.ObscuraConfigException>(settings.Validate);
        Assert.All(e.Diagnostics, d => Assert.Equal("OBS942", d.Code));
        Assert.Equal(new[] { "attempts", "smtp.from", "smtp.host", "smtp.password", "smtp.tls", "smtp.username", "webhooks[0]" }, e.Diagnostics.Select(d => d.Path).Order().ToArray());
        Assert.DoesNotContain("plain-password", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_file_is_read_in_snake_case()
    {
        var file = Path.Combine(Path.GetTempPath(), "obscura-notify-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """
            { "webhooks": ["env:SLACK_HOOK"], "attempts": 4, "backoff": "00:00:02",
              "smtp": { "host": "mail.example.org", "port": 465, "tls": "ssl", "from": "obscura@example.org", "username": "u", "password": "file:/run/secrets/smtp" },
              "recipients": { "DBA": ["dba@example.org"] } }
            """);
        try
        {
            var settings = NotificationSettings.LoadFile(file);
            Assert.Equal(4, settings.Attempts);
            Assert.Equal(TimeSpan.FromSeconds(2), settings.Backoff);
            Assert.Equal(465, settings.Smtp!.Port);
            Assert.Equal("dba@example.org", settings.Recipients["DBA"][0]);
            await File.WriteAllTextAsync(file, """{ "webhook": ["https://x"] }""");
            Assert.Throws<Core.Diagnostics.ObscuraConfigException>(() => NotificationSettings.LoadFile(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
