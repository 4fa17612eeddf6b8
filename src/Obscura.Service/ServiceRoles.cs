namespace Obscura.Service;

/// <summary>The service's roles. A user holds one or more; an approver approves in one role at a time.</summary>
public static class ServiceRoles
{
    /// <summary>Users, data sources, settings; may also execute and cancel any operation.</summary>
    public const string Admin = "ADMIN";
    /// <summary>Asks for operations, executes and cancels their own.</summary>
    public const string Requester = "REQUESTER";
    /// <summary>Database administrator (approver).</summary>
    public const string Dba = "DBA";
    /// <summary>Owner of the data (approver).</summary>
    public const string DataOwner = "DATA_OWNER";
    /// <summary>Security (approver).</summary>
    public const string Security = "SECURITY";
    /// <summary>Manager (approver).</summary>
    public const string Manager = "MANAGER";
    /// <summary>Private queries only (<c>POST /api/query</c>, <c>GET /api/budget</c>).</summary>
    public const string Analyst = "ANALYST";
    /// <summary>Reads the audit and reports.</summary>
    public const string Auditor = "AUDITOR";

    /// <summary>Every role.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Requester, Dba, DataOwner, Security, Manager, Analyst, Auditor];

    /// <summary>Roles an operation may require as approvers.</summary>
    public static IReadOnlyList<string> Approvers { get; } = [Dba, DataOwner, Security, Manager];

    /// <summary>True for a known role (case-sensitive, upper case).</summary>
    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
