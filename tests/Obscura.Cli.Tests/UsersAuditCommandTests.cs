using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura users</c> commands write the service's audit log while <c>obscura serve</c> writes it too: one valid chain.</summary>
public sealed class UsersAuditCommandTests
{
    [Fact]
    public async Task Users_commands_are_audited_in_the_log_a_running_service_writes_and_the_chain_verifies()
    {
        var dir = CliRunner.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "service.db");
        var audit = Path.Combine(dir, "audit.jsonl");
        var add = await CliRunner.RunAsync(dir, null, "users", "add", "adam", "--role", "ADMIN", "--store", store, "--audit-log", audit);
        Assert.Equal(0, add.ExitCode);
        var adminToken = add.StdOut.Trim();

        // Port 0: the system picks a free one and serve names it (a port picked here first could be taken meanwhile).
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "obscura.dll"), "serve", "--urls", "http://127.0.0.1:0", "--store", store, "--audit-log", audit })
            psi.ArgumentList.Add(a);
        using var serve = Process.Start(psi)!;
        var output = serve.StandardOutput.ReadToEndAsync();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = Task.Run(async () =>
        {
            var text = new System.Text.StringBuilder();
            while (await serve.StandardError.ReadLineAsync() is { } line)
            {
                text.AppendLine(line);
                if (System.Text.RegularExpressions.Regex.Match(line, @"listening on (http://127\.0\.0\.1:\d+)") is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
            }
            listening.TrySetException(new InvalidOperationException("obscura serve stopped: " + text));
            return text.ToString();
        });
        var tokens = new List<string> { adminToken };
        var refused = 0;
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var until = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                if (serve.HasExited) Assert.Fail("obscura serve stopped: " + await errors);
                Assert.True(DateTime.UtcNow < until, "obscura serve did not start");
                await Task.Delay(200);
            }

            // The service audits every refused request while the CLI changes users: both append to one file.
            using var stop = new CancellationTokenSource();
            var requests = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/me")).StatusCode);
                    Interlocked.Increment(ref refused);
                }
            });
            var bob = await CliRunner.RunAsync(dir, null, "users", "add", "bob", "--role", "DBA", "--role", "SECURITY", "--store", store, "--audit-log", audit);
            Assert.Equal(0, bob.ExitCode);
            tokens.Add(bob.StdOut.Trim());
            Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "users", "disable", "bob", "--store", store, "--audit-log", audit)).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "users", "enable", "bob", "--store", store, "--audit-log", audit)).ExitCode);
            var rotated = await CliRunner.RunAsync(dir, null, "users", "rotate-token", "bob", "--store", store, "--audit-log", audit);
            Assert.Equal(0, rotated.ExitCode);
            tokens.Add(rotated.StdOut.Trim());
            Assert.Equal(2, (await CliRunner.RunAsync(dir, null, "users", "disable", "nobody", "--store", store, "--audit-log", audit)).ExitCode);
            Assert.Equal(2, (await CliRunner.RunAsync(dir, null, "users", "add", "carl", "--role", "KING", "--store", store, "--audit-log", audit)).ExitCode);
            await stop.CancelAsync();
            await requests;
            Assert.True(refused > 0);

            // The service's audit view lists the CLI's changes (they are indexed in the same store).
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            var view = await http.GetAsync("/api/audit?target=user:bob&limit=50");
            var viewText = await view.Content.ReadAsStringAsync();
            Assert.True(view.StatusCode == HttpStatusCode.OK, viewText);
            var indexed = JsonDocument.Parse(viewText).RootElement.EnumerateArray().Select(r => r.GetProperty("action").GetString()).ToList();
            Assert.Equal(["user_rotate_token", "user_enable", "user_disable", "user_add"], indexed);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            _ = await output;
            _ = await errors;
        }

        var verify = await CliRunner.RunAsync(dir, null, "audit", "verify", audit);
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        var lines = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string? Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
        var changes = lines.Where(l => Field(l, "action")?.StartsWith("user_", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(
            ["user_add:user:adam:ok", "user_add:user:bob:ok", "user_disable:user:bob:ok", "user_enable:user:bob:ok", "user_rotate_token:user:bob:ok",
             "user_disable:user:nobody:not_found", "user_add:user:carl:invalid"],
            changes.Select(c => $"{Field(c, "action")}:{Field(c, "target")}:{Field(c, "outcome")}"));
        Assert.All(changes, c => Assert.Equal("os:" + Environment.UserName, Field(c, "actor")));
        Assert.Equal("DBA,SECURITY", Field(changes[1], "role"));
        Assert.Equal("DBA,SECURITY", Field(changes[4], "role"));
        Assert.Equal(refused, lines.Count(l => Field(l, "outcome") == "unauthenticated"));
        // Interleaved, not one after the other: the service wrote between the CLI's first and last change.
        var first = lines.FindIndex(l => Field(l, "target") == "user:bob");
        var last = lines.FindLastIndex(l => Field(l, "target") == "user:bob");
        Assert.Contains(lines.Skip(first).Take(last - first), l => Field(l, "outcome") == "unauthenticated");
        var text = await File.ReadAllTextAsync(audit);
        Assert.All(tokens, t => Assert.DoesNotContain(t, text, StringComparison.Ordinal));
    }
}
