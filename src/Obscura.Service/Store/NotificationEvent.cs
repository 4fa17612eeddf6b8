using System.Globalization;

namespace Obscura.Service.Store;

/// <summary>
/// Something about an operation that approvers hear of, named by a key unique within the operation:
/// <c>approval_needed:N</c> (request version N needs approval), <c>decision:ID</c> (the approvals row ID) or
/// <c>run_end</c> (the operation ran and ended).
/// </summary>
public sealed record NotificationEvent(long OperationId, string Key, DateTimeOffset At)
{
    /// <summary>The key prefix of a version that needs approval.</summary>
    public const string ApprovalNeededPrefix = "approval_needed:";
    /// <summary>The key prefix of a decision.</summary>
    public const string DecisionPrefix = "decision:";
    /// <summary>The key of a run's end.</summary>
    public const string RunEnd = "run_end";

    /// <summary>The key of request version <paramref name="version"/> needing approval.</summary>
    public static string ApprovalNeeded(int version) => ApprovalNeededPrefix + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key of the decision stored as approvals row <paramref name="approvalId"/>.</summary>
    public static string Decision(long approvalId) => DecisionPrefix + approvalId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number after <paramref name="prefix"/> in <see cref="Key"/>, or null when the key has another shape.</summary>
    public long? NumberAfter(string prefix) =>
        Key.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(Key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
