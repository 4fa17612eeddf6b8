using System.Diagnostics;
using System.Globalization;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary>
/// <c>kill -9</c> at any moment of <c>obscura anonymize --resume</c>, then the same command again: the database ends
/// exactly as after one uninterrupted run (the change is one transaction; the outputs are deterministic).
/// </summary>
public sealed class AnonymizeKillTests
{
    private const string Config = """
        tables:
          person:
            columns:
              id: hash
              name: { strategy: faker, kind: full_name }
              email: { strategy: faker, kind: email }
          visit:
            columns:
              note: { strategy: faker, kind: lorem }
        """;

    private static async Task<DatabaseUri> CreateAsync(string prefix)
    {
        var db = await TestDatabases.CreateAsync("postgres", prefix);
        await TestDatabases.ExecuteAsync(db,
            "CREATE TABLE person (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE)",
            "CREATE TABLE visit (id integer PRIMARY KEY, person_id integer NOT NULL REFERENCES person (id), note text)",
            "INSERT INTO person SELECT g, 'Person ' || g, 'p' || g || '@corp.example' FROM generate_series(1, 150000) g",
            "INSERT INTO visit SELECT g, 1 + g % 150000, 'note ' || g FROM generate_series(1, 300000) g");
        return db;
    }

    private static async Task<(Process Process, Task Done)> StartAsync(string dir, DatabaseUri db)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, WorkingDirectory = dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "obscura.dll"));
        foreach (var a in new[] { "anonymize", "--database", $"postgres://{db.User}@{db.Host}:{db.Port}/{db.Database}", "--config", "obscura.yaml", "--resume" })
            psi.ArgumentList.Add(a);
        psi.Environment["OBSCURA_DATABASE_PASSWORD"] = db.Password!;
        psi.Environment["OBSCURA_SECRET"] = "kill-test-secret-0123456789abcdef";
        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var done = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
        await Task.Yield();
        return (process, done);
    }

    private static async Task<List<string>> DumpAsync(DatabaseUri db) =>
        (await TestDatabases.QueryAsync(db, "SELECT p.id, p.name, p.email, v.id, v.note FROM visit v JOIN person p ON p.id = v.person_id ORDER BY v.id"))
        .Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();

    [Fact]
    public async Task Kill_9_at_any_moment_then_the_same_command_ends_as_one_clean_run()
    {
        var dir = CliRunner.TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "obscura.yaml"), Config);
        var clean = await CreateAsync("kill_clean");
        var killed = await CreateAsync("kill_target");

        var (first, firstDone) = await StartAsync(dir, clean);
        await firstDone.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, first.ExitCode);
        var expected = await DumpAsync(clean);

        foreach (var delay in new[] { 400, 1500, 2600, 3800, 5200 })
        {
            var (process, done) = await StartAsync(dir, killed);
            await Task.WhenAny(done, Task.Delay(delay));
            if (!process.HasExited) process.Kill();
            await done.WaitAsync(TimeSpan.FromMinutes(2));
            // After each kill the database is either untouched or completely anonymized, never in between.
            var now = await DumpAsync(killed);
            Assert.True(now.SequenceEqual(expected) || now[0].Contains("@corp.example", StringComparison.Ordinal),
                $"after a kill at {delay} ms the database is half-changed");
            Assert.Equal(0, await TestDatabases.CountAsync(killed, "SELECT COUNT(*) FROM visit v LEFT JOIN person p ON p.id = v.person_id WHERE p.id IS NULL"));
        }

        var (last, lastDone) = await StartAsync(dir, killed);
        await lastDone.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, last.ExitCode);
        Assert.Equal(expected, await DumpAsync(killed));
        Assert.Equal(1, await TestDatabases.CountAsync(killed, "SELECT COUNT(*) FROM obscura_anonymization WHERE status = 'completed'"));
    }
}
