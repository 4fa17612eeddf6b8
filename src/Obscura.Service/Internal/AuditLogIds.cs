namespace Obscura.Service.Internal;

/// <summary>
/// Names the audit log (hash chain) a line was written to: <c>MACHINE:FULL-PATH</c>, the file <c>obscura audit verify</c>
/// checks on that machine. Stable across restarts of the process writing it; processes sharing one file share one chain.
/// </summary>
internal static class AuditLogIds
{
    public static string Of(string path) => Environment.MachineName + ":" + Path.GetFullPath(path);
}
