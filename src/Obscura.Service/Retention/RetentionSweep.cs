using System.Globalization;

namespace Obscura.Service.Retention;

/// <summary>What one retention sweep removed: report files (and of how many operations), outbox rows, event records.</summary>
internal sealed record RetentionSweep(int ReportOperations, int ReportFiles, int Notifications, int Events)
{
    /// <summary>True when the sweep removed any row.</summary>
    public bool RemovedAnything => ReportFiles + Notifications + Events > 0;

    /// <summary>The audit outcome: counts only, never a name or content.</summary>
    public string Outcome => string.Create(CultureInfo.InvariantCulture,
        $"removed report_files={ReportFiles} operations={ReportOperations} notifications={Notifications} events={Events}");
}
