using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Copy;

namespace Obscura.Engine.InPlace;

/// <summary>What a backup directory holds: one entry per database, with the row count and checksum of every table.</summary>
public sealed record BackupManifest
{
    /// <summary>When the backup was taken (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The databases, in the order they were given.</summary>
    public required IReadOnlyList<BackupEntry> Databases { get; init; }
}

/// <summary>One database's backup.</summary>
/// <param name="Name">The database's name (as in config keys).</param>
/// <param name="Uri">Its URI without password.</param>
/// <param name="Format">pg_dump (custom format), mariadb-dump (SQL) or sqlite (a file copy made with VACUUM INTO).</param>
/// <param name="File">The backup file, relative to the directory.</param>
/// <param name="Tables">Per table: rows and an order-independent checksum of their values.</param>
/// <param name="Verified">How the backup was checked: <c>restored</c> (loaded into a scratch database and compared table by table),
/// <c>copied</c> (SQLite: the copy compared table by table) or <c>listed</c> (only the archive's table of contents read).</param>
public sealed record BackupEntry(string Name, string Uri, string Format, string File, IReadOnlyDictionary<string, TableFingerprint> Tables, string Verified = "listed");

/// <summary>How far a backup is checked before the run goes on.</summary>
public enum BackupVerification
{
    /// <summary>Restore it into a scratch database next to the original and compare every table's rows and checksum (needs CREATE DATABASE).</summary>
    Restore,
    /// <summary>Only check that the dump tool finished and its output is readable (pg_restore --list, mariadb-dump's completion line).</summary>
    List,
}

/// <summary>A table's row count and checksum (sum of a keyed hash of every row's canonical values).</summary>
public sealed record TableFingerprint(long Rows, string Checksum);

/// <summary>
/// Verified backups before an in-place run, and restores: the engine's own dump tool where it has one
/// (<c>pg_dump -Fc</c> / <c>pg_restore</c>, <c>mariadb-dump</c> / <c>mariadb</c>), SQLite's <c>VACUUM INTO</c>.
/// Every table's rows and checksum are recorded, and checked again after a restore.
/// </summary>
public sealed class BackupService(ObscuraRuntime runtime)
{
    /// <summary>The manifest's file name in a backup directory.</summary>
    public const string ManifestFile = "manifest.json";

    // A fixed key: checksums must compare across processes (they prove equality, they protect nothing).
    private static readonly SipHash RowHash = new(0x6F62736375726121UL, 0x636865636B73756DUL);

    private static readonly JsonSerializerOptions Json = new(CopySummary.JsonOptions);

    /// <summary>Backs up every database into <paramref name="directory"/> and writes the manifest.</summary>
    /// <exception cref="ObscuraException">A dump tool is missing or failed, or the backup does not match the database.</exception>
    public Task<BackupManifest> BackupAsync(IReadOnlyList<DatabaseUri> databases, string directory, CancellationToken cancellationToken) =>
        BackupAsync(databases, directory, BackupVerification.Restore, cancellationToken);

    /// <summary>Backs up every database into <paramref name="directory"/>, checks each backup as <paramref name="verification"/> says, and writes the manifest.</summary>
    /// <exception cref="ObscuraException">A dump tool is missing or failed, or the backup does not match the database.</exception>
    public async Task<BackupManifest> BackupAsync(IReadOnlyList<DatabaseUri> databases, string directory, BackupVerification verification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        // The backup holds the original personal data: only its owner may read it.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var entries = new List<BackupEntry>();
        foreach (var uri in databases)
        {
            await using var endpoint = runtime.Connect(uri);
            var name = AnonymizeService.NameOf(uri);
            // The checksums and the dump see the same moment where the engine can share one (PostgreSQL: an exported snapshot).
            await using var holder = await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
            var snapshot = await endpoint.Provider.ExportSnapshotAsync(holder, cancellationToken).ConfigureAwait(false);
            var tables = await FingerprintAsync(endpoint, snapshot, cancellationToken).ConfigureAwait(false);
            var (format, file) = await DumpAsync(endpoint, name, directory, snapshot, cancellationToken).ConfigureAwait(false);
            string verified;
            if (format == "sqlite")
            {
                // A file copy can be checked table by table right away.
                await using var copy = runtime.Connect(DatabaseUri.Parse("sqlite:" + Path.Combine(directory, file)));
                Compare(name, tables, await FingerprintAsync(copy, cancellationToken).ConfigureAwait(false), "the backup");
                verified = "copied";
            }
            else if (verification == BackupVerification.Restore)
            {
                await VerifyByRestoreAsync(endpoint, name, format, Path.Combine(directory, file), tables, cancellationToken).ConfigureAwait(false);
                verified = "restored";
            }
            else
            {
                verified = "listed";
            }
            entries.Add(new BackupEntry(name, uri.ToString(), format, file, tables, verified));
        }
        var manifest = new BackupManifest { CreatedAt = runtime.Clock.GetUtcNow(), Databases = entries };
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json), cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>
    /// Restores every database of the backup in <paramref name="directory"/> and checks each table's rows and checksum
    /// against the manifest. Passwords come from <paramref name="passwordVariable"/> (never from the manifest).
    /// </summary>
    /// <exception cref="ObscuraException">The backup is unreadable, a restore failed, or the result differs from the manifest.</exception>
    public Task<BackupManifest> RestoreAsync(string directory, string? passwordVariable, CancellationToken cancellationToken) =>
        RestoreAsync(directory, passwordVariable, null, cancellationToken);

    /// <summary>As <see cref="RestoreAsync(string, string?, CancellationToken)"/>, connecting with <paramref name="known"/> URIs (passwords included) where a database's name matches.</summary>
    public async Task<BackupManifest> RestoreAsync(string directory, string? passwordVariable, IReadOnlyList<DatabaseUri>? known, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path)) throw new ObscuraConfigException($"{directory} holds no {ManifestFile}: not an obscura backup directory");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), Json)
            ?? throw new ObscuraConfigException($"{path} is empty");
        foreach (var entry in manifest.Databases)
        {
            var uri = known?.FirstOrDefault(k => AnonymizeService.NameOf(k) == entry.Name && k.Scheme == DatabaseUri.Parse(entry.Uri).Scheme)
                ?? DatabaseUri.Parse(entry.Uri, passwordVariable);
            var file = Path.Combine(directory, entry.File);
            if (!File.Exists(file)) throw new ObscuraConfigException($"the backup of {entry.Name} ({entry.File}) is missing from {directory}");
            switch (entry.Format)
            {
                case "pg_dump":
                    await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", .. PostgresArgs(uri), file], uri, null, cancellationToken).ConfigureAwait(false);
                    break;
                case "mariadb-dump":
                    await RunToolAsync(MariaDbClient(), [.. MySqlArgs(uri), uri.Database], uri, file, cancellationToken).ConfigureAwait(false);
                    break;
                case "sqlite":
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    File.Copy(file, uri.Database, overwrite: true);
                    break;
                default:
                    throw new ObscuraConfigException($"unknown backup format '{entry.Format}' for {entry.Name}");
            }
            await using var endpoint = runtime.Connect(uri);
            Compare(entry.Name, entry.Tables, await FingerprintAsync(endpoint, cancellationToken).ConfigureAwait(false), "the restored database");
        }
        return manifest;
    }

    /// <summary>Rows and checksum of every table, read in parallel with the engine's readers.</summary>
    public static Task<IReadOnlyDictionary<string, TableFingerprint>> FingerprintAsync(DatabaseEndpoint endpoint, CancellationToken cancellationToken) =>
        FingerprintAsync(endpoint, null, cancellationToken);

    /// <summary>As <see cref="FingerprintAsync(DatabaseEndpoint, CancellationToken)"/>, every reader joining <paramref name="snapshot"/> when given.</summary>
    public static async Task<IReadOnlyDictionary<string, TableFingerprint>> FingerprintAsync(DatabaseEndpoint endpoint, string? snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var catalog = await endpoint.InspectAsync(cancellationToken).ConfigureAwait(false);
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, TableFingerprint>(StringComparer.Ordinal);
        var tables = catalog.Tables.Where(t => !t.Name.Name.StartsWith("obscura_stage_", StringComparison.Ordinal)).ToList();
        await Parallel.ForEachAsync(tables, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (table, token) =>
        {
            await using var conn = await endpoint.OpenAsync(token).ConfigureAwait(false);
            if (snapshot is not null) await endpoint.Provider.UseSnapshotAsync(conn, snapshot, token).ConfigureAwait(false);
            await using var reader = await endpoint.Provider.ReadAsync(conn, endpoint.Dialect.SelectColumns(table.Name, table.Columns), token).ConfigureAwait(false);
            long rows = 0;
            ulong sum = 0;
            var text = new StringBuilder(256);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                text.Clear();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var value = reader.IsDBNull(i) ? null : ValueCoercion.ToCanonical(reader.GetValue(i), table.Columns[i].TypeClass);
                    text.Append(value is null ? "\u2400" : ValueCoercion.ToText(value)).Append('\u001F');
                }
                sum += RowHash.Compute(Encoding.UTF8.GetBytes(text.ToString()));
                rows++;
            }
            result[table.Name.ToString()] = new TableFingerprint(rows, sum.ToString("x16", CultureInfo.InvariantCulture));
        }).ConfigureAwait(false);
        return new SortedDictionary<string, TableFingerprint>(result, StringComparer.Ordinal);
    }

    private static void Compare(string name, IReadOnlyDictionary<string, TableFingerprint> expected, IReadOnlyDictionary<string, TableFingerprint> actual, string what)
    {
        var problems = new List<string>();
        foreach (var (table, fp) in expected)
        {
            if (!actual.TryGetValue(table, out var got)) problems.Add($"{table} is missing");
            else if (got.Rows != fp.Rows) problems.Add($"{table} holds {got.Rows} rows, expected {fp.Rows}");
            else if (got.Checksum != fp.Checksum) problems.Add($"{table} has other values (checksum {got.Checksum}, expected {fp.Checksum})");
        }
        if (problems.Count > 0) throw new ObscuraValidationException($"{what} of {name} does not match: {string.Join("; ", problems)}");
    }

    /// <summary>
    /// Restores a dump into a scratch database beside the original (same server, same credentials), compares every table's
    /// rows and checksum with the original's, and drops the scratch database again whatever happens.
    /// </summary>
    private async Task VerifyByRestoreAsync(DatabaseEndpoint original, string name, string format, string file,
        IReadOnlyDictionary<string, TableFingerprint> expected, CancellationToken ct)
    {
        var scratchName = "obscura_verify_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var scratch = original.Uri.WithDatabase(scratchName);
        await using (var admin = await original.OpenAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await DatabaseEndpoint.ExecuteAsync(admin, $"CREATE DATABASE {original.Dialect.Quote(scratchName)}", ct).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new ObscuraDatabaseException(
                    $"cannot create a scratch database to verify the backup of {name} by restoring it ({original.Provider.DescribeError(ex) ?? ex.Message}); " +
                    "grant CREATE DATABASE, or pass --backup-verify list to check only that the dump is complete and readable", ex);
            }
        }
        try
        {
            if (format == "pg_dump")
                await RunToolAsync("pg_restore", ["--no-owner", "--exit-on-error", .. PostgresArgs(scratch), file], scratch, null, ct).ConfigureAwait(false);
            else
                await RunToolAsync(MariaDbClient(), [.. MySqlArgs(scratch), scratchName], scratch, file, ct).ConfigureAwait(false);
            await using var restored = runtime.Connect(scratch);
            Compare(name, expected, await FingerprintAsync(restored, ct).ConfigureAwait(false), "the backup (restored into a scratch database)");
        }
        finally
        {
            // Dropped on every outcome, cancellation included; a connection pool may still hold a session to it.
            await using var admin = await original.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            var drop = original.Provider.Name == "postgres"
                ? $"DROP DATABASE IF EXISTS {original.Dialect.Quote(scratchName)} WITH (FORCE)"
                : $"DROP DATABASE IF EXISTS {original.Dialect.Quote(scratchName)}";
            await DatabaseEndpoint.ExecuteAsync(admin, drop, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<(string Format, string File)> DumpAsync(DatabaseEndpoint endpoint, string name, string directory, string? snapshot, CancellationToken ct)
    {
        var uri = endpoint.Uri;
        switch (endpoint.Provider.Name)
        {
            case "postgres":
            {
                var file = name + ".dump";
                string[] at = snapshot is null ? [] : ["--snapshot=" + snapshot];
                await RunToolAsync("pg_dump", ["-Fc", "--no-owner", .. at, "-f", Path.Combine(directory, file), .. PostgresArgs(uri)], uri, null, ct).ConfigureAwait(false);
                // The archive's table of contents must be readable, or the dump is not a backup.
                await RunToolAsync("pg_restore", ["--list", Path.Combine(directory, file)], uri, null, ct).ConfigureAwait(false);
                return ("pg_dump", file);
            }
            case "mysql":
            {
                var file = name + ".sql";
                var target = Path.Combine(directory, file);
                await RunToolAsync(MariaDbDump(), ["--single-transaction", "--routines", "--triggers", "--events", "--hex-blob", .. MySqlArgs(uri), uri.Database], uri, null, ct, stdoutFile: target).ConfigureAwait(false);
                // mariadb-dump ends a complete dump with this comment line.
                if (!Tail(target).Contains("-- Dump completed", StringComparison.Ordinal)) throw new ObscuraException($"the dump of {name} did not complete");
                return ("mariadb-dump", file);
            }
            case "sqlite":
            {
                var file = name + ".sqlite";
                var target = Path.Combine(directory, file);
                if (File.Exists(target)) File.Delete(target);
                await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
                await DatabaseEndpoint.ExecuteAsync(conn, $"VACUUM INTO '{Path.GetFullPath(target).Replace("'", "''", StringComparison.Ordinal)}'", ct).ConfigureAwait(false);
                return ("sqlite", file);
            }
            default:
                throw new ObscuraConfigException($"no backup method for {endpoint.Provider.Name}");
        }
    }

    private static string[] PostgresArgs(DatabaseUri uri) =>
        ["-h", uri.Host ?? "localhost", "-p", (uri.Port ?? 5432).ToString(CultureInfo.InvariantCulture), "-U", uri.User ?? "postgres", "-d", uri.Database];

    private static string[] MySqlArgs(DatabaseUri uri) =>
        ["-h", uri.Host ?? "localhost", "-P", (uri.Port ?? 3306).ToString(CultureInfo.InvariantCulture), "-u", uri.User ?? "root", "--protocol=TCP"];

    private static string Tail(string path)
    {
        using var stream = File.OpenRead(path);
        stream.Seek(Math.Max(0, stream.Length - 256), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string MariaDbDump() => File.Exists("/usr/bin/mariadb-dump") ? "mariadb-dump" : "mysqldump";
    private static string MariaDbClient() => File.Exists("/usr/bin/mariadb") ? "mariadb" : "mysql";

    /// <summary>Runs a dump tool with the password in its environment (never on the command line).</summary>
    internal static async Task RunToolAsync(string tool, IReadOnlyList<string> args, DatabaseUri uri, string? stdinFile, CancellationToken ct, string? stdoutFile = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdinFile is not null, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (uri.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
            start.Environment["MYSQL_PWD"] = password;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ObscuraException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ObscuraException($"{tool} is not installed: install the database's client tools (Debian: postgresql-client or mariadb-client) to back up and restore");
        }
        using (process)
        {
            try
            {
                var stderr = process.StandardError.ReadToEndAsync(ct);
                var stdout = stdoutFile is null ? process.StandardOutput.ReadToEndAsync(ct) : CopyToFileAsync(process.StandardOutput.BaseStream, stdoutFile, ct);
                if (stdinFile is not null)
                {
                    await using (var input = File.OpenRead(stdinFile)) await input.CopyToAsync(process.StandardInput.BaseStream, ct).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
                await stdout.ConfigureAwait(false);
                var error = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    // Tool messages name objects, not row values; the password is never in them (it is in the environment).
                    var first = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
                    throw new ObscuraException($"{tool} failed with exit code {process.ExitCode}: {first}");
                }
            }
            catch (Exception) when (!process.HasExited)
            {
                // Cancelled (or a pipe failed) while the tool runs: stop it, so it neither keeps the database busy nor writes on.
                try
                {
                    process.Kill(entireProcessTree: true);
                    // Gone before the caller goes on (a restore retried at once must not meet the old tool still writing).
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // It ended on its own meanwhile.
                }
                throw;
            }
        }
    }

    private static async Task CopyToFileAsync(Stream from, string path, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await from.CopyToAsync(file, ct).ConfigureAwait(false);
    }
}
