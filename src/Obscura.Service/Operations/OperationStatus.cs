namespace Obscura.Service.Operations;

/// <summary>The states an operation moves through.</summary>
public static class OperationStatus
{
    /// <summary>Waiting for approvals.</summary>
    public const string PendingApproval = "pending_approval";
    /// <summary>Every required role approved; waiting for execute.</summary>
    public const string Approved = "approved";
    /// <summary>Executed, waiting for its scheduled time.</summary>
    public const string Scheduled = "scheduled";
    /// <summary>Executed, waiting for a worker.</summary>
    public const string Queued = "queued";
    /// <summary>A worker runs it.</summary>
    public const string Running = "running";
    /// <summary>Finished.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Stopped by an error.</summary>
    public const string Failed = "failed";
    /// <summary>Cancelled.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>An approver rejected it.</summary>
    public const string Rejected = "rejected";
    /// <summary>An in-place run failed and the engine put the database back as it was (transaction rolled back or verified backup restored).</summary>
    public const string RolledBack = "rolled_back";
    /// <summary>A recurring definition, executed: each due occurrence of its cron expression runs as its own operation.</summary>
    public const string Recurring = "recurring";

    /// <summary>True when nothing more happens to it.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled or Rejected or RolledBack;

    /// <summary>The final states as an SQL list, for the stores' <c>IN</c> clauses (the same set as <see cref="IsFinal"/>).</summary>
    public const string FinalSqlList = $"('{Succeeded}', '{Failed}', '{Cancelled}', '{Rejected}', '{RolledBack}')";
}
