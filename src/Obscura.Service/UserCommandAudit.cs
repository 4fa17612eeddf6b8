using Obscura.Core.Diagnostics;
using Obscura.Engine.Audit;
using Obscura.Service.Store;

namespace Obscura.Service;

/// <summary>
/// Writes <c>obscura users add/disable/enable/rotate-token</c> to the service's hash-chained audit log (and its index
/// for <c>GET /api/audit</c>), as a <c>service_action</c> line: who ran it (<c>os:</c> + the operating-system account),
/// the action (<c>user_add</c>, <c>user_disable</c>, <c>user_enable</c>, <c>user_rotate_token</c>), the target user, the
/// roles given or held, the machine, and the outcome (<c>ok</c>, <c>not_found</c>, <c>invalid</c>, <c>failed</c>) — never
/// a token. The log should be opened with <see cref="AuditLog.OpenShared"/> so a running service keeps writing it too.
/// </summary>
public sealed class UserCommandAudit
{
    private readonly IServiceStore _store;
    private readonly AuditLog _log;
    private readonly TimeProvider _clock;
    private readonly string _actor;
    private readonly string _origin;

    /// <summary>Creates the recorder; <paramref name="actor"/> defaults to <c>os:</c> + the current operating-system user.</summary>
    public UserCommandAudit(IServiceStore store, AuditLog log, TimeProvider clock, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _log = log;
        _clock = clock;
        _actor = actor ?? "os:" + Environment.UserName;
        var machine = Environment.MachineName;
        _origin = "cli:" + (machine.Length > 56 ? machine[..56] : machine);
    }

    /// <summary>
    /// Runs <paramref name="command"/> on the user <paramref name="name"/> and records it, whether it succeeds or not.
    /// <paramref name="roles"/> are the roles asked for (<c>users add</c>); otherwise the user's current roles are recorded.
    /// </summary>
    public async Task<T> RunAsync<T>(string action, string name, IReadOnlyList<string>? roles, Func<Task<T>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(name);
        var existing = await _store.FindUserAsync(name, cancellationToken).ConfigureAwait(false);
        var recordedRoles = roles is not null
            ? roles.Select(r => r.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList()
            : existing?.Roles.ToList() ?? [];
        var outcome = "failed";
        try
        {
            var result = await command().ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        catch (ObscuraConfigException)
        {
            outcome = roles is null && existing is null ? "not_found" : "invalid";
            throw;
        }
        finally
        {
            try
            {
                await RecordAsync(action, name, recordedRoles, outcome).ConfigureAwait(false);
            }
            catch (Exception e) when (outcome == "ok" && e is not OperationCanceledException)
            {
                // The change is committed: failing here would lose a token that exists only in this process's memory.
                AuditFailure = $"the change was made but could not be written to the audit log ({e.GetType().Name}): record it by hand";
            }
        }
    }

    /// <summary>Set when a command succeeded but its audit line could not be written (the caller must say so).</summary>
    public string? AuditFailure { get; private set; }

    private async Task RecordAsync(string action, string name, IReadOnlyList<string> roles, string outcome)
    {
        var role = roles.Count == 0 ? null : Clip(string.Join(',', roles));
        var target = Clip("user:" + name);
        var entry = _log.Append(new ServiceActionEvent(_actor, role, action, target, _origin, outcome));
        await _store.AddAuditAsync(new AuditRecord(0, _clock.GetUtcNow(), _actor, role, action, target, _origin, outcome, entry.Sequence, entry.Hash) { Line = entry.Line, Log = Internal.AuditLogIds.Of(_log.Path) },
            CancellationToken.None).ConfigureAwait(false);
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];
}
