namespace Obscura.Core.Query.Policy;

/// <summary>When a role's budget starts afresh.</summary>
public enum ResetSchedule
{
    /// <summary>Never: the budget is spent once.</summary>
    Never = 0,
    /// <summary>At midnight UTC.</summary>
    Daily = 1,
    /// <summary>At midnight UTC between Sunday and Monday.</summary>
    Weekly = 2,
    /// <summary>At midnight UTC on the first of each month.</summary>
    Monthly = 3,
    /// <summary>At each occurrence (UTC) of the role's cron expression (<see cref="PolicyRole.ResetCron"/>).</summary>
    Cron = 4,
}
