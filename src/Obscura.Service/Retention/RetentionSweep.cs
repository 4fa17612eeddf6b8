using System.Globalization;

namespace Obscura.Service.Retention;

/// <summary>What one retention sweep removed: report files (and of how many operations), outbox rows, event records.</summary>
internal sealed record RetentionSweep(int ReportOperations, int ReportFiles, int Notifications, int Events)
{
    /// <summary>True when the sweep removed report files or outbox rows (what the audit records; event records are bookkeeping, only logged).</summary>
    public bool RemovedAnything => ReportFiles + Notifications > 0;

    /// <summary>
    /// The audit outcome, an identifier with the counts only (never a name or content): <c>files2-ops1-outbox40</c> is
    /// 2 report files of 1 operation and 40 outbox rows. At most 31 characters for the largest sweep.
    /// </summary>
    public string Outcome => string.Create(CultureInfo.InvariantCulture, $"files{ReportFiles}-ops{ReportOperations}-outbox{Notifications}");
}
