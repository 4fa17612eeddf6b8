using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;

namespace Obscura.Engine.InPlace;

/// <summary>What <c>obscura anonymize</c> was asked to do.</summary>
public sealed record AnonymizeOptions
{
    /// <summary>The databases changed in place, together (a shared person key maps the same way in each).</summary>
    public required IReadOnlyList<DatabaseUri> Databases { get; init; }
    /// <summary>
    /// The rules. A table key may name its database (<c>clinical:public.visit</c>, the database's name or SQLite file
    /// name); a key without one applies in every database that has the table.
    /// </summary>
    public required ObscuraConfig Config { get; init; }
    /// <summary>The run secret.</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>Run again on databases that record a completed anonymization.</summary>
    public bool Force { get; init; }
    /// <summary>Continue an interrupted run: skip databases this configuration already completed; a no-op after a completed run.</summary>
    public bool Resume { get; init; }
    /// <summary>
    /// Take a verified backup of every database here before changing anything (pg_dump, mariadb-dump, SQLite
    /// VACUUM INTO; row counts and checksums in manifest.json); <c>obscura restore --backup DIR</c> puts it back.
    /// </summary>
    public string? BackupDirectory { get; init; }

    /// <summary>How the backup is checked before anything changes (default: restored into a scratch database and compared).</summary>
    public BackupVerification BackupVerification { get; init; } = BackupVerification.Restore;
    /// <summary>The audit log to append to (a hash chain across runs); null: no audit.</summary>
    public string? AuditPath { get; init; }
    /// <summary>HMAC key for the audit log, if any.</summary>
    public Audit.AuditKey? AuditKey { get; init; }
    /// <summary>
    /// Validate after the switch (row counts, orphans including <c>relations:</c> across databases, unique, NOT NULL, and a
    /// leakage scan for original values of transformed columns anywhere in text): on failure the backup is restored.
    /// </summary>
    public bool Validate { get; init; } = true;
    /// <summary>Columns (<c>table.column</c>) the leakage scan skips.</summary>
    public IReadOnlyList<string> LeakageIgnore { get; init; } = [];
    /// <summary>Where anonymization-report.json, validation-report.json and validation-report.html go; null: not written.</summary>
    public string? ReportDirectory { get; init; }
    /// <summary>Plan only: nothing is written.</summary>
    public bool DryRun { get; init; }
    /// <summary>Tables transformed at once (reading and staging); the final switch is one transaction per database.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;
    /// <summary>Called with each database's name just before its changes commit (tests use it to fail late).</summary>
    public Func<string, CancellationToken, Task>? BeforeCommit { get; init; }
}
