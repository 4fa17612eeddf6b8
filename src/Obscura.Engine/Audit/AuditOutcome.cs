namespace Obscura.Engine.Audit;

/// <summary>How a run, restore or other step ended: a closed set, so no message (which could quote a value) reaches the log.</summary>
public enum AuditOutcome
{
    /// <summary>Completed as asked.</summary>
    Succeeded,
    /// <summary>Stopped by an error.</summary>
    Failed,
    /// <summary>Stopped by the user (Ctrl-C).</summary>
    Cancelled,
    /// <summary>Failed, and every change was undone from the backup.</summary>
    RolledBack,
    /// <summary>Nothing to do (e.g. a completed run asked to resume).</summary>
    Skipped,
}
