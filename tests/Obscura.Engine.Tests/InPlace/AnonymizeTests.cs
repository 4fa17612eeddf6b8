using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.InPlace;

namespace Obscura.Engine.Tests.InPlace;

/// <summary>In-place anonymization on real SQLite, PostgreSQL and MariaDB: same result as a copy, all or nothing, once.</summary>
public sealed class AnonymizeTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("in-place-test-secret-0123456789");

    private const string Rules = """
        tables:
          person:
            columns:
              id: hash
              reg_id: { strategy: hash, length: 12 }
              name: { strategy: faker, kind: full_name }
              email: { strategy: faker, kind: email }
              born: { strategy: date_shift, max_days: 200, entity: id }
          visit:
            columns:
              note: { strategy: faker, kind: lorem }
        """;

    private static async Task<DatabaseUri> CreateAsync(string provider, string prefix, int people = 400)
    {
        var db = await TestDatabases.CreateAsync(provider, prefix);
        var persons = string.Join(", ", Enumerable.Range(1, people).Select(i =>
            $"({i}, 'REG{i:D6}', 'Person {i}', 'p{i}@corp.example', '{new DateOnly(1950, 1, 1).AddDays(i * 37):yyyy-MM-dd}')"));
        var visits = string.Join(", ", Enumerable.Range(1, people * 3).Select(i => $"({i}, {(i % people) + 1}, 'visit {i}')"));
        await TestDatabases.ExecuteAsync(db,
            "CREATE TABLE person (id integer PRIMARY KEY, reg_id varchar(20) NOT NULL UNIQUE, name varchar(80), email varchar(120) UNIQUE, born date)",
            "CREATE TABLE visit (id integer PRIMARY KEY, person_id integer NOT NULL REFERENCES person (id), note varchar(200))",
            $"INSERT INTO person VALUES {persons}",
            $"INSERT INTO visit VALUES {visits}");
        return db;
    }

    private static async Task<List<string>> DumpAsync(DatabaseUri db) =>
        (await TestDatabases.QueryAsync(db, "SELECT p.id, p.reg_id, p.name, p.email, p.born, v.id, v.note FROM visit v JOIN person p ON p.id = v.person_id"))
        .Select(r => string.Join("|", r.Select(Render))).Order(StringComparer.Ordinal).ToList();

    private static string Render(object? v) => v switch
    {
        null => "NULL",
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static AnonymizeOptions Options(params DatabaseUri[] dbs) => new() { Databases = dbs, Config = ConfigLoader.Parse(Rules), Secret = Secret };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task In_place_gives_exactly_what_a_copy_gives_and_keys_still_join(string provider)
    {
        var db = await CreateAsync(provider, "inplace");
        var before = await DumpAsync(db);
        var copyTarget = await TestDatabases.CreateAsync(provider, "inplace_copy");
        var copied = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = db, Target = copyTarget, Config = ConfigLoader.Parse(Rules), Secret = Secret,
        });
        Assert.True(copied.Succeeded, copied.Summary.Error);

        var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(Options(db));
        Assert.Equal("succeeded", result.Status);
        var tables = Assert.Single(result.Databases).Tables;
        Assert.Equal("rewrite", tables.Single(t => t.Table.EndsWith("person", StringComparison.Ordinal)).Method);
        Assert.Equal("update", tables.Single(t => t.Table.EndsWith("visit", StringComparison.Ordinal)).Method);
        Assert.Contains(tables.Single(t => t.Table.EndsWith("visit", StringComparison.Ordinal)).Columns, c => c.StartsWith("person_id: hash (follows", StringComparison.Ordinal));

        var after = await DumpAsync(db);
        Assert.Equal(1200, after.Count);
        Assert.Equal(await DumpAsync(copyTarget), after);
        Assert.Empty(after.Intersect(before));
        Assert.Equal(0, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM person WHERE reg_id LIKE 'REG%' OR email LIKE '%@corp.example'"));
    }

    [Fact]
    public async Task A_completed_database_is_refused_resumed_as_a_no_op_and_forced_again()
    {
        var db = await CreateAsync("postgres", "inplace_once", people: 50);
        var service = new AnonymizeService(ObscuraRuntime.CreateDefault());
        Assert.Equal("succeeded", (await service.RunAsync(Options(db))).Status);
        var once = await DumpAsync(db);

        var refused = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(Options(db)));
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.AlreadyAnonymized);
        Assert.Equal("skipped", (await service.RunAsync(Options(db) with { Resume = true })).Status);
        Assert.Equal(once, await DumpAsync(db));

        Assert.Equal("succeeded", (await service.RunAsync(Options(db) with { Force = true })).Status);
        Assert.NotEqual(once, await DumpAsync(db));
        Assert.Equal(2, await TestDatabases.CountAsync(db, $"SELECT COUNT(*) FROM {AnonymizeService.StateTable} WHERE status = 'completed'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_failure_before_the_commit_leaves_every_database_exactly_as_it_was(string provider)
    {
        var first = await CreateAsync(provider, "inplace_fail_a", people: 60);
        var second = await CreateAsync(provider, "inplace_fail_b", people: 60);
        var before = (await DumpAsync(first), await DumpAsync(second));
        var failing = Options(first, second) with
        {
            BeforeCommit = (name, _) => name == AnonymizeService.NameOf(second) ? throw new ObscuraException("planted failure") : Task.CompletedTask,
        };
        var ex = await Assert.ThrowsAsync<ObscuraException>(() => new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(failing));
        Assert.Equal("planted failure", ex.Message);
        Assert.Equal(before.Item1, await DumpAsync(first));
        Assert.Equal(before.Item2, await DumpAsync(second));
        // Nothing recorded, no staging left: the same command simply runs afterwards.
        Assert.Equal("succeeded", (await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(Options(first, second))).Status);
        Assert.NotEqual(before.Item1, await DumpAsync(first));
    }

    [Fact]
    public async Task A_person_key_shared_by_two_engines_maps_the_same_way_in_both()
    {
        var identity = await CreateAsync("postgres", "inplace_identity", people: 80);
        var clinical = await TestDatabases.CreateAsync("mysql", "inplace_clinical");
        var rows = string.Join(", ", Enumerable.Range(1, 160).Select(i => $"({i}, 'REG{(i % 80) + 1:D6}', 'lab {i}')"));
        await TestDatabases.ExecuteAsync(clinical, "CREATE TABLE lab (id integer PRIMARY KEY, reg_id varchar(20) NOT NULL, result varchar(40))", $"INSERT INTO lab VALUES {rows}");
        var config = ConfigLoader.Parse($$"""
            tables:
              {{AnonymizeService.NameOf(identity)}}:person:
                columns:
                  reg_id: { strategy: hash, length: 12 }
              {{AnonymizeService.NameOf(clinical)}}:lab:
                columns:
                  reg_id: { strategy: hash, length: 12 }
            """);
        var joinedBefore = await JoinAsync(identity, clinical);
        var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(new AnonymizeOptions { Databases = [identity, clinical], Config = config, Secret = Secret });
        Assert.Equal("succeeded", result.Status);
        Assert.Equal(2, result.Databases.Count);
        var joinedAfter = await JoinAsync(identity, clinical);
        Assert.Equal(160, joinedAfter.Count);
        // Same people linked to the same lab rows, through keys that all changed.
        Assert.Equal(joinedBefore.Select(j => (j.Person, j.Lab)).Order(), joinedAfter.Select(j => (j.Person, j.Lab)).Order());
        Assert.DoesNotContain(joinedAfter, j => j.Reg.StartsWith("REG", StringComparison.Ordinal));

        static async Task<List<(long Person, long Lab, string Reg)>> JoinAsync(DatabaseUri identity, DatabaseUri clinical)
        {
            var people = (await TestDatabases.QueryAsync(identity, "SELECT id, reg_id FROM person")).ToDictionary(r => (string)r[1]!, r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture));
            return (await TestDatabases.QueryAsync(clinical, "SELECT id, reg_id FROM lab"))
                .Select(r => (people[(string)r[1]!], Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), (string)r[1]!)).ToList();
        }
    }

    [Fact]
    public async Task A_dry_run_lists_the_plan_and_changes_nothing()
    {
        var db = await CreateAsync("sqlite", "inplace_dry", people: 10);
        var before = await DumpAsync(db);
        var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(Options(db) with { DryRun = true });
        Assert.Equal("planned", result.Status);
        Assert.Equal(["person", "visit"], result.Databases.Single().Tables.Select(t => t.Table).Order());
        Assert.Equal(before, await DumpAsync(db));
        Assert.Equal(0, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'obscura%'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_verified_backup_restores_every_table_to_the_same_rows_and_checksums(string provider)
    {
        var db = await CreateAsync(provider, "inplace_backup", people: 120);
        var dir = Directory.CreateTempSubdirectory("obscura-backup-test").FullName;
        try
        {
            await using var endpoint = ObscuraRuntime.CreateDefault().Connect(db);
            var original = await BackupService.FingerprintAsync(endpoint, CancellationToken.None);
            var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(Options(db) with { BackupDirectory = dir });
            Assert.Equal("succeeded", result.Status);
            var changed = await BackupService.FingerprintAsync(endpoint, CancellationToken.None);
            Assert.NotEqual(original.Values.Select(v => v.Checksum), changed.Values.Select(v => v.Checksum));
            Assert.True(File.Exists(Path.Combine(dir, BackupService.ManifestFile)));
            // The manifest keeps no password: the restore reads it from a variable.
            var password = provider == "sqlite" ? null : (provider == "postgres" ? TestDatabases.PostgresServer : TestDatabases.MySqlServer).Password;
            if (password is not null) Assert.DoesNotContain(password, await File.ReadAllTextAsync(Path.Combine(dir, BackupService.ManifestFile)), StringComparison.Ordinal);
            Environment.SetEnvironmentVariable("OBSCURA_RESTORE_TEST_PASSWORD", password);
            await new BackupService(ObscuraRuntime.CreateDefault()).RestoreAsync(dir, "OBSCURA_RESTORE_TEST_PASSWORD", CancellationToken.None);
            var restored = await BackupService.FingerprintAsync(endpoint, CancellationToken.None);
            foreach (var (table, fp) in original) Assert.Equal(fp, restored[table]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_leak_found_after_the_change_restores_the_backup_and_the_audit_chain_tells_it(string provider)
    {
        var db = await CreateAsync(provider, "inplace_leak", people: 80);
        // Someone copied a person's email into a free-text note that no rule transforms.
        await TestDatabases.ExecuteAsync(db, "ALTER TABLE visit ADD COLUMN remark varchar(200)", "UPDATE visit SET remark = 'call back on p7@corp.example please' WHERE id = 5");
        var before = await DumpAsync(db);
        var dir = Directory.CreateTempSubdirectory("obscura-leak-test").FullName;
        try
        {
            var audit = Path.Combine(dir, "audit.jsonl");
            var options = Options(db) with { BackupDirectory = Path.Combine(dir, "backup"), AuditPath = audit, ReportDirectory = Path.Combine(dir, "report") };
            var ex = await Assert.ThrowsAsync<ObscuraValidationException>(() => new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(options));
            Assert.Contains("backup was restored", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, await DumpAsync(db));
            Assert.Equal(1, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM visit WHERE remark LIKE '%p7@corp.example%'"));

            var html = await File.ReadAllTextAsync(Path.Combine(dir, "report", "validation-report.html"));
            Assert.DoesNotContain("p7@corp.example", html, StringComparison.Ordinal);
            Assert.True(Obscura.Engine.Audit.AuditVerifier.Verify(audit).Valid);
            var events = await File.ReadAllTextAsync(audit);
            foreach (var type in new[] { "run_started", "backup_created", "backup_verified", "table_anonymized", "validation_result", "restore", "run_ended" })
                Assert.Contains($"\"{type}\"", events, StringComparison.Ordinal);
            Assert.DoesNotContain("p7@corp.example", events, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Declared_relations_carry_the_key_rule_inside_a_database_and_across_databases()
    {
        var identity = await CreateAsync("sqlite", "inplace_rel_id", people: 50);
        await TestDatabases.ExecuteAsync(identity,
            "CREATE TABLE note (id integer PRIMARY KEY, person_reg varchar(20))",
            $"INSERT INTO note VALUES {string.Join(", ", Enumerable.Range(1, 50).Select(i => $"({i}, 'REG{i:D6}')"))}");
        var clinical = await TestDatabases.CreateAsync("sqlite", "inplace_rel_cl");
        await TestDatabases.ExecuteAsync(clinical, "CREATE TABLE lab (id integer PRIMARY KEY, reg_id varchar(20) NOT NULL)",
            $"INSERT INTO lab VALUES {string.Join(", ", Enumerable.Range(1, 100).Select(i => $"({i}, 'REG{(i % 50) + 1:D6}')"))}");
        var id = AnonymizeService.NameOf(identity);
        var cl = AnonymizeService.NameOf(clinical);
        // Only the key has a rule: the logical references follow it, in the same database and in the other one.
        var config = ConfigLoader.Parse($$"""
            tables:
              {{id}}:person:
                columns:
                  reg_id: { strategy: hash, length: 12 }
            relations:
              - { table: note, columns: [person_reg], references: person, referenced_columns: [reg_id], database: {{id}} }
              - { table: lab, columns: [reg_id], references: person, referenced_columns: [reg_id], database: {{cl}}, references_database: {{id}} }
            """);
        var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(new AnonymizeOptions { Databases = [identity, clinical], Config = config, Secret = Secret });
        Assert.Equal("succeeded", result.Status);
        Assert.Contains(result.Databases.Single(d => d.Name == cl).Tables, t => t.Table == "lab");
        var keys = (await TestDatabases.QueryAsync(identity, "SELECT reg_id FROM person")).Select(r => (string)r[0]!).ToHashSet();
        Assert.DoesNotContain(keys, k => k.StartsWith("REG", StringComparison.Ordinal));
        Assert.All(await TestDatabases.QueryAsync(identity, "SELECT person_reg FROM note"), r => Assert.Contains((string)r[0]!, keys));
        Assert.All(await TestDatabases.QueryAsync(clinical, "SELECT reg_id FROM lab"), r => Assert.Contains((string)r[0]!, keys));
    }

    [Fact]
    public async Task A_postgres_rewrite_brings_back_every_key_and_index_exactly_as_the_server_held_them()
    {
        var db = await CreateAsync("postgres", "inplace_exact", people: 60);
        await TestDatabases.ExecuteAsync(db,
            "ALTER TABLE visit DROP CONSTRAINT visit_person_id_fkey",
            "ALTER TABLE visit ADD CONSTRAINT visit_person_id_fkey FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
            "ALTER TABLE person DROP CONSTRAINT person_email_key",
            "ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE NULLS NOT DISTINCT (email) INCLUDE (name) WITH (fillfactor = 70)",
            "CREATE INDEX person_born_recent ON person (born) WHERE born > DATE '1990-01-01'",
            "CREATE INDEX person_lower_name ON person (lower(name)) WITH (fillfactor = 80)",
            "ALTER TABLE person REPLICA IDENTITY USING INDEX person_reg_id_key");
        const string definitions = """
            SELECT string_agg(d, E'\n' ORDER BY d) FROM (
              SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid IN ('person'::regclass, 'visit'::regclass)
              UNION ALL SELECT pg_get_indexdef(indexrelid) || ' ' || (SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = indexrelid)
                FROM pg_index WHERE indrelid IN ('person'::regclass, 'visit'::regclass)
              UNION ALL SELECT 'replica ' || relreplident::text || ' ' || coalesce((SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'person'::regclass AND indisreplident), '')
                FROM pg_class WHERE oid = 'person'::regclass) x
            """;
        var before = (string)(await TestDatabases.QueryAsync(db, definitions))[0][0]!;

        var result = await new AnonymizeService(ObscuraRuntime.CreateDefault()).RunAsync(Options(db));

        Assert.Equal("succeeded", result.Status);
        Assert.Equal("rewrite", result.Databases.Single().Tables.Single(t => t.Table.EndsWith("person", StringComparison.Ordinal)).Method);
        Assert.Equal(before, (string)(await TestDatabases.QueryAsync(db, definitions))[0][0]!);
        Assert.Contains("DEFERRABLE INITIALLY DEFERRED", before, StringComparison.Ordinal);
        Assert.Contains("NULLS NOT DISTINCT", before, StringComparison.Ordinal);
        Assert.Contains("replica i person_reg_id_key", before, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_server_backup_is_verified_by_restoring_it_into_a_scratch_database_that_is_dropped_again(string provider)
    {
        var db = await CreateAsync(provider, "inplace_verify", people: 40);
        var dir = Directory.CreateTempSubdirectory("obscura-verify-test").FullName;
        var server = provider == "postgres" ? TestDatabases.PostgresServer : TestDatabases.MySqlServer;
        var scratchNames = provider == "postgres"
            ? "SELECT datname FROM pg_database WHERE datname LIKE 'obscura_verify_%'"
            : "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'obscura_verify_%'";
        async Task<HashSet<string>> ScratchAsync() => (await TestDatabases.QueryAsync(server, scratchNames)).Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!).ToHashSet();
        // Scratch databases already there belong to other tests (in this and other assemblies, on the same server).
        var before = await ScratchAsync();
        try
        {
            var manifest = await new BackupService(ObscuraRuntime.CreateDefault()).BackupAsync([db], dir, BackupVerification.Restore, CancellationToken.None);
            var entry = manifest.Databases.Single();
            Assert.Equal("restored", entry.Verified);
            Assert.Equal(40, entry.Tables.Single(t => t.Key.EndsWith("person", StringComparison.Ordinal)).Value.Rows);
            // Other tests verify backups on the same server at the same time: their scratch databases come and go, a leaked
            // one stays. Wait until none that appeared since the start is left rather than looking at one instant.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await ScratchAsync()).Except(before).Any())
            {
                Assert.True(DateTime.UtcNow < deadline, "a scratch database obscura_verify_* was left on the server");
                await Task.Delay(250);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Without_create_database_the_restore_check_says_how_to_go_on_and_a_listing_check_still_works()
    {
        var db = await CreateAsync("postgres", "inplace_nocreatedb", people: 10);
        var role = "obscura_nocreatedb_" + Guid.NewGuid().ToString("N")[..8];
        await TestDatabases.ExecuteAsync(db,
            $"CREATE ROLE {role} LOGIN PASSWORD 'limited-pass-1' NOCREATEDB",
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        var limited = DatabaseUri.Parse(db.ToString().Replace("postgres://postgres@", $"postgres://{role}:limited-pass-1@", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("obscura-verify-test").FullName;
        try
        {
            var service = new BackupService(ObscuraRuntime.CreateDefault());
            var error = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => service.BackupAsync([limited], dir, BackupVerification.Restore, CancellationToken.None));
            Assert.Contains("--backup-verify list", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("limited-pass-1", error.Message, StringComparison.Ordinal);
            var manifest = await service.BackupAsync([limited], dir, BackupVerification.List, CancellationToken.None);
            Assert.Equal("listed", manifest.Databases.Single().Verified);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await TestDatabases.ExecuteAsync(db, $"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}");
        }
    }
}
