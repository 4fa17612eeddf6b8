using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard;

/// <summary>
/// What changed in an operation since the version its approver should compare against (the one they approved, else the
/// last one anyone approved, else the previous one), worded for the dashboard. Null for an operation's first version:
/// then the whole request is what is approved.
/// </summary>
internal sealed record RequestChanges(RequestDiffView Diff, OperationVersionView From, OperationVersionView To)
{
    public static async Task<RequestChanges?> BuildAsync(OperationRecord op, Actor me, OperationVersions versions, IServiceStore store, CancellationToken ct)
    {
        var (diff, _) = await versions.DiffAsync(op, null, null, me, anyApprover: true, ct).ConfigureAwait(false);
        if (diff?.From is not { } from || from == diff.To) return null;
        var all = await versions.ListAsync(op, await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return new RequestChanges(diff, all.Single(v => v.Version == from), all.Single(v => v.Version == diff.To));
    }

    /// <summary>Why this version is the one compared against, in words.</summary>
    public string Basis => Diff.FromBasis switch
    {
        "approved_by_you" => "the version you approved",
        "approved" => "the version last approved",
        _ => "the previous version",
    };

    /// <summary>A request field's name in words: "filter.users" → "Filter on users", "source.host" → "Source: host".</summary>
    public static string Label(string field)
    {
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        var (head, rest) = dot < 0 ? (field, null) : (field[..dot], field[(dot + 1)..]);
        var name = head switch
        {
            "operation_type" => "Operation type",
            "source_env" => "Source (as written)",
            "target_env" => "Target (as written)",
            "tables" => "Tables",
            "filter" => "Filter on",
            "anonymize" => "Anonymize",
            "parallel_workers" => "Parallel workers",
            "required_approvers" => "Requested approver roles",
            "required_roles" => "Required approvals",
            "scheduled_at" => "Schedule (UTC)",
            "config" => "Config (obscura.yaml)",
            "drop_existing" => "Replace target tables",
            "source" => "Source data source",
            "target" => "Target data source",
            _ => char.ToUpperInvariant(head[0]) + head[1..].Replace('_', ' '),
        };
        return rest is null ? name : head == "filter" ? $"{name} {rest}" : $"{name}: {rest.Replace('_', ' ')}";
    }
}
