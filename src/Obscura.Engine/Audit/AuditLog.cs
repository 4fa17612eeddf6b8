using System.Security.Cryptography;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Audit;

/// <summary>
/// The append-only, hash-chained audit log: JSON Lines, one event per line, each line carrying the SHA-256 of the one
/// before (<c>prev</c>) and of itself (<c>hash</c>), and an HMAC when an <see cref="AuditKey"/> is given. Opening an
/// existing file continues its chain, so one file holds every run. Appends are serialized by a lock, written as one
/// write and flushed to disk before <see cref="Append"/> returns; an exclusive lock on <c>FILE.lock</c> keeps a second
/// writer (another process) out meanwhile. A log opened with <see cref="OpenShared"/> instead takes that lock only for
/// each append (waiting a bounded time for it) and continues whatever chain other writers left, so a long-running
/// service and short CLI commands can write one file. A file that ends in a torn line (a crash mid-write) is repaired
/// on open (and, for a shared log, before each append): the incomplete bytes are cut off and a <c>log_recovered</c>
/// event records their size and hash. See docs/audit.md.
/// </summary>
public sealed class AuditLog : IDisposable
{
    /// <summary>The default file name, in the current directory.</summary>
    public const string DefaultFileName = "obscura-audit.jsonl";

    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly FileStream? _writerLock;
    private readonly TimeSpan _lockWait;
    private readonly AuditKey? _key;
    private readonly TimeProvider _clock;
    private long _seq;
    private string _prev;
    private long _knownLength;
    private bool _disposed;

    private AuditLog(string path, FileStream stream, FileStream? writerLock, TimeSpan lockWait, AuditKey? key, TimeProvider clock, long seq, string prev, string runId)
    {
        Path = path;
        _stream = stream;
        _writerLock = writerLock;
        _lockWait = lockWait;
        _key = key;
        _clock = clock;
        _seq = seq;
        _prev = prev;
        RunId = runId;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The id of this run (random, 16 hex digits): every event this instance appends carries it.</summary>
    public string RunId { get; }

    /// <summary>The sequence number of the last line in the chain (0 for an empty file); for a shared log, the last line as of this writer's last append.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate) return _seq;
        }
    }

    /// <summary>The hash of the last line (64 zeros for an empty file): record it elsewhere to anchor the chain.</summary>
    public string LastHash
    {
        get
        {
            lock (_gate) return _prev;
        }
    }

    /// <summary>
    /// Opens (or creates) the log at <paramref name="path"/> (default <see cref="DefaultFileName"/> in the current
    /// directory) and continues its chain. <paramref name="key"/> adds an HMAC to every line; pass
    /// <see cref="AuditKey.FromEnvironment"/> to use <c>OBSCURA_AUDIT_KEY</c>.
    /// </summary>
    /// <exception cref="ObscuraConfigException">The file cannot be opened or repaired, or another run is writing it.</exception>
    /// <exception cref="ObscuraValidationException">The last complete line is not a valid audit entry (the chain cannot continue).</exception>
    public static AuditLog Open(string? path = null, AuditKey? key = null, TimeProvider? clock = null)
    {
        var full = System.IO.Path.GetFullPath(path ?? DefaultFileName);
        FileStream? writerLock = null;
        FileStream? stream = null;
        try
        {
            if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            // One writer at a time, or the chain would fork: an exclusive lock on a sidecar file (kept, so no process can
            // lock a deleted one), while readers such as audit verify may open the log itself at any time.
            writerLock = OpenExclusive(full + ".lock");
            stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 4096, FileOptions.None);
            var (seq, prev, torn) = ReadTail(stream, full);
            var log = new AuditLog(full, stream, writerLock, TimeSpan.Zero, key, clock ?? TimeProvider.System, seq, prev, NewRunId());
            if (torn is not null) log.Append(new LogRecoveredEvent(torn.Length, AuditLine.Hash(torn)));
            return log;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            writerLock?.Dispose();
            throw new ObscuraConfigException($"cannot open the audit log {full}: {e.Message}", e);
        }
        catch
        {
            stream?.Dispose();
            writerLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens (or creates) the log for a writer that shares the file with others: the <c>FILE.lock</c> lock is taken for
    /// each <see cref="Append"/> only, waiting up to <paramref name="lockWait"/> (default 10 s) while another writer holds
    /// it, and each append continues the chain from the file's last line, whoever wrote it. A writer opened with
    /// <see cref="Open"/> holds the lock for its whole run, so shared appends wait (and fail after the bound) meanwhile.
    /// </summary>
    /// <exception cref="ObscuraConfigException">The file cannot be opened.</exception>
    public static AuditLog OpenShared(string? path = null, AuditKey? key = null, TimeProvider? clock = null, TimeSpan? lockWait = null)
    {
        var full = System.IO.Path.GetFullPath(path ?? DefaultFileName);
        try
        {
            if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            // Unbuffered: every append re-reads the tail another process may have written since.
            var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 0, FileOptions.None);
            // The tail is read under the lock at the first append; -1 forces that.
            return new AuditLog(full, stream, null, lockWait ?? TimeSpan.FromSeconds(10), key, clock ?? TimeProvider.System, 0, AuditLine.Genesis, NewRunId()) { _knownLength = -1 };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObscuraConfigException($"cannot open the audit log {full}: {e.Message}", e);
        }
    }

    private static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Takes the writer lock for one append, retrying while another writer holds it, up to the bound.</summary>
    private FileStream AcquireWriterLock()
    {
        var deadline = Environment.TickCount64 + (long)_lockWait.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
            catch (IOException e)
            {
                throw new IOException($"the audit log {Path} was held by another writer for more than {_lockWait.TotalSeconds:0.#} s", e);
            }
        }
    }

    private static FileStream OpenExclusive(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new IOException("another obscura run is writing it (its lock file is held); wait for it to finish", e);
        }
    }

    /// <summary>Appends one event; returns its sequence number and hash once it is on disk. Thread-safe.</summary>
    /// <exception cref="IOException">The write failed (the file is left as it was before the call), or a shared log's lock stayed held past its bound.</exception>
    public AuditEntry Append(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writerLock is not null) return WriteLine(auditEvent);
            using var writerLock = AcquireWriterLock();
            if (_stream.Length != _knownLength)
            {
                // Another writer appended (or crashed mid-line) since this one last wrote: continue its chain.
                var (seq, prev, torn) = ReadTail(_stream, Path);
                _seq = seq;
                _prev = prev;
                if (torn is not null) WriteLine(new LogRecoveredEvent(torn.Length, AuditLine.Hash(torn)));
            }
            var entry = WriteLine(auditEvent);
            _knownLength = _stream.Length;
            return entry;
        }
    }

    private AuditEntry WriteLine(AuditEvent auditEvent)
    {
        var seq = _seq + 1;
        var (line, hash) = AuditLine.Format(seq, _clock.GetUtcNow(), RunId, auditEvent, _prev, _key);
        var length = _stream.Length;
        try
        {
            _stream.Seek(0, SeekOrigin.End);
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
        catch
        {
            // Never leave half a line behind a failed write (disk full): the next append would break the chain.
            try
            {
                _stream.SetLength(length);
            }
            catch (IOException)
            {
                // The torn line stays; audit verify reports it and the next Open repairs it on the record.
            }
            throw;
        }
        _seq = seq;
        _prev = hash;
        return new AuditEntry(seq, auditEvent.Type, hash) { Line = System.Text.Encoding.UTF8.GetString(line, 0, line.Length - 1) };
    }

    /// <summary>Appends <c>run_started</c>.</summary>
    public AuditEntry RunStarted(string command, IReadOnlyList<DatabaseUri> databases, string configFingerprint) =>
        Append(new RunStartedEvent(command, databases, configFingerprint));

    /// <summary>Appends <c>run_ended</c>.</summary>
    public AuditEntry RunEnded(string command, AuditOutcome outcome, TimeSpan elapsed, string? errorKind = null) =>
        Append(new RunEndedEvent(command, outcome, elapsed, errorKind));

    /// <summary>Appends <c>backup_created</c>.</summary>
    public AuditEntry BackupCreated(DatabaseUri database, string method, string location, int tables, long rows, long bytes, TimeSpan elapsed) =>
        Append(new BackupCreatedEvent(database, method, location, tables, rows, bytes, elapsed));

    /// <summary>Appends <c>backup_verified</c>.</summary>
    public AuditEntry BackupVerified(DatabaseUri database, string location, bool passed, IReadOnlyList<TableChecksum> tables, string method = "listed") =>
        Append(new BackupVerifiedEvent(database, location, passed, tables, method));

    /// <summary>Appends <c>table_anonymized</c>.</summary>
    public AuditEntry TableAnonymized(DatabaseUri database, TableName table, IReadOnlyList<string> columns, long rowsChanged, TimeSpan elapsed) =>
        Append(new TableAnonymizedEvent(database, table, columns, rowsChanged, elapsed));

    /// <summary>Appends one <c>validation_result</c> per check of <paramref name="report"/> (counts only, no example keys).</summary>
    public IReadOnlyList<AuditEntry> ValidationResults(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.Select(c => Append(new ValidationResultEvent(report.Target, c.Check, c.Status, c.Checked, c.Failures))).ToList();
    }

    /// <summary>Appends <c>restore</c>.</summary>
    public AuditEntry Restore(DatabaseUri database, string location, string reason, AuditOutcome outcome, int tables, TimeSpan elapsed) =>
        Append(new RestoreEvent(database, location, reason, outcome, tables, elapsed));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
            _writerLock?.Dispose();
        }
    }

    /// <summary>
    /// Finds the last complete line (its seq and hash). A tail without a final newline is either a complete line that
    /// lost only its newline (kept, newline added) or a torn write (cut off and returned, for the recovery event).
    /// </summary>
    private static (long Seq, string Prev, byte[]? Torn) ReadTail(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length == 0) return (0, AuditLine.Genesis, null);
        byte[]? torn = null;
        var lastNewline = FindLastNewline(stream, length);
        if (lastNewline != length - 1)
        {
            var start = lastNewline + 1;
            var tail = ReadRange(stream, start, length - start);
            if (AuditLine.TrySplit(tail, out var content, out var hash, out _) && AuditLine.Hash(content) == hash && AuditLine.ReadFields(content) is not null)
            {
                stream.Seek(0, SeekOrigin.End);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
                lastNewline = length;
                length++;
            }
            else
            {
                torn = tail;
                stream.SetLength(start);
                stream.Flush(flushToDisk: true);
                length = start;
                if (length == 0) return (0, AuditLine.Genesis, torn);
                lastNewline = length - 1;
            }
        }
        var previous = FindLastNewline(stream, lastNewline);
        var line = ReadRange(stream, previous + 1, lastNewline - previous - 1);
        if (!AuditLine.TrySplit(line, out var lastContent, out var lastHash, out _) || AuditLine.ReadFields(lastContent) is not { } fields)
        {
            throw new ObscuraValidationException(
                $"the last line of the audit log {path} is not a valid audit entry, so its chain cannot be continued; " +
                $"run 'obscura audit verify {path}' and write this run's audit to another file");
        }
        return (fields.Seq, lastHash, torn);
    }

    /// <summary>Offset of the last '\n' strictly before <paramref name="end"/>, or -1.</summary>
    private static long FindLastNewline(FileStream stream, long end)
    {
        var buffer = new byte[64 * 1024];
        var position = end;
        while (position > 0)
        {
            var size = (int)Math.Min(buffer.Length, position);
            position -= size;
            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, size);
            var i = buffer.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (i >= 0) return position + i;
        }
        return -1;
    }

    private static byte[] ReadRange(FileStream stream, long start, long count)
    {
        var bytes = new byte[count];
        stream.Seek(start, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
