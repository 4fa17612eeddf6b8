using System.Text.Json;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// Keeps a version of an operation's request each time its fingerprint changes (created, updated, a data source changed
/// before execution) and answers which versions exist and what changed between two of them.
/// </summary>
internal sealed class OperationVersions(IServiceStore store, TimeProvider clock, ServiceSettings settings)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string DataSourceChanged = "data_source_changed";
    public const string Recorded = "recorded";

    private IOperationVersionStore Versions => (IOperationVersionStore)store;

    /// <summary>Keeps <paramref name="op"/>'s request, roles and fingerprint with the data sources it was fingerprinted with.</summary>
    public Task<OperationVersionRecord> RecordAsync(OperationRecord op, DataSourceRecord? source, DataSourceRecord? target, string reason, long? by, CancellationToken ct) =>
        Versions.AddVersionAsync(Version(op, source, target, reason, by), ct);

    /// <summary>
    /// Stores <paramref name="changed"/> (while <paramref name="before"/> is still what is stored) with its version, kept in
    /// the same transaction so nobody reads the change without its reason; null when the operation changed meanwhile.
    /// </summary>
    public Task<OperationVersionRecord?> ChangeAsync(OperationRecord before, OperationRecord changed, DataSourceRecord? source, DataSourceRecord? target, string reason, long? by, CancellationToken ct) =>
        Versions.UpdateOperationWithVersionAsync(changed, before.Status, before.Fingerprint, Version(changed, source, target, reason, by), ct);

    /// <summary>Adds <paramref name="op"/> with its first version (reason created), in one transaction.</summary>
    public Task<OperationRecord> AddAsync(OperationRecord op, DataSourceRecord? source, DataSourceRecord? target, long? by, CancellationToken ct) =>
        Versions.AddOperationWithVersionAsync(op, Version(op, source, target, Created, by), ct);

    private OperationVersionRecord Version(OperationRecord op, DataSourceRecord? source, DataSourceRecord? target, string reason, long? by) => new()
    {
        OperationId = op.Id, RequestJson = op.RequestJson, Fingerprint = op.Fingerprint, RequiredRoles = op.RequiredRoles,
        SourceJson = Serialize(source), TargetJson = Serialize(target), Reason = reason, CreatedBy = by, CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>
    /// The version <paramref name="op"/> has (the latest with its fingerprint); kept first (with its data sources as they
    /// are now) when the store has none for its fingerprint, which happens only for operations stored before versions
    /// were kept. A copy of the operation read before a concurrent change names the version it was read at: it must never
    /// add a version after the one that change recorded.
    /// </summary>
    public async Task<OperationVersionRecord> EnsureCurrentAsync(OperationRecord op, long? by, CancellationToken ct)
    {
        var stored = await Versions.ListVersionsAsync(op.Id, ct).ConfigureAwait(false);
        for (var i = stored.Count - 1; i >= 0; i--)
        {
            if (stored[i].Fingerprint == op.Fingerprint) return stored[i];
        }
        if (stored.Count > 0 && await store.GetOperationAsync(op.Id, ct).ConfigureAwait(false) is { } now && now.Fingerprint != op.Fingerprint) return stored[^1];
        var (source, target) = await SourcesAsync(op, ct).ConfigureAwait(false);
        return await RecordAsync(op, source, target, Recorded, by, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The stored request's fingerprint over its data sources as they are now, with them and the roles they require (a data
    /// source moved to another environment may need others); null when one was deleted. The approvals bind to this: a data
    /// source edited after them gives a different fingerprint.
    /// </summary>
    public async Task<LiveBinding?> CurrentAsync(OperationRecord op, CancellationToken ct)
    {
        var request = StoredRequest.Of(op);
        var (source, target) = await SourcesAsync(op, ct).ConfigureAwait(false);
        if (source is null || (request.TargetId is not null && target is null)) return null;
        return new LiveBinding(OperationPlanner.Fingerprint(request.Request, source, target), source, target, OperationPlanner.RequiredRoles(request.Request, source, target, settings));
    }

    /// <summary>
    /// Binds <paramref name="op"/> to its data sources as they are now (the new fingerprint voids its approvals; it moves to
    /// <paramref name="status"/>) and keeps the version before and after, so approvers see the change as a diff. Null when
    /// the operation changed meanwhile.
    /// </summary>
    public async Task<(OperationRecord Operation, int Version)?> RebindAsync(OperationRecord op, LiveBinding current, string status, long? by, CancellationToken ct)
    {
        await EnsureCurrentAsync(op, by, ct).ConfigureAwait(false);
        var changed = op with { Fingerprint = current.Fingerprint, RequiredRoles = current.RequiredRoles, Status = status, UpdatedAt = clock.GetUtcNow() };
        var version = await ChangeAsync(op, changed, current.Source, current.Target, DataSourceChanged, by, ct).ConfigureAwait(false);
        return version is null ? null : (changed, version.Version);
    }

    /// <summary>The number of <paramref name="op"/>'s current version (what an approver is shown and decides on); keeps nothing.</summary>
    public async Task<int> CurrentNumberAsync(OperationRecord op, CancellationToken ct) => (await ListAsync(op, [], ct).ConfigureAwait(false))[^1].Version;

    /// <summary>Every version, oldest first; the last is the operation's current one (shown unkept when the store lacks it).</summary>
    public async Task<IReadOnlyList<OperationVersionView>> ListAsync(OperationRecord op, IReadOnlyList<ApprovalRecord> approvals, CancellationToken ct)
    {
        var stored = (await Versions.ListVersionsAsync(op.Id, ct).ConfigureAwait(false)).ToList();
        // A change committed (with its version) between reading the operation and its versions: the newer one is current.
        if (stored.Count > 0 && stored[^1].Fingerprint != op.Fingerprint
            && await store.GetOperationAsync(op.Id, ct).ConfigureAwait(false) is { } now && now.Fingerprint == stored[^1].Fingerprint) op = now;
        if (stored.Count == 0 || stored[^1].Fingerprint != op.Fingerprint)
        {
            var (source, target) = await SourcesAsync(op, ct).ConfigureAwait(false);
            stored.Add(new OperationVersionRecord
            {
                OperationId = op.Id, Version = stored.Count == 0 ? 1 : stored[^1].Version + 1, RequestJson = op.RequestJson, Fingerprint = op.Fingerprint,
                RequiredRoles = op.RequiredRoles, SourceJson = Serialize(source), TargetJson = Serialize(target), Reason = Recorded, CreatedAt = op.UpdatedAt,
            });
        }
        var index = stored.Select(v => (v.Version, v.Fingerprint, v.CreatedAt)).ToList();
        return stored.Select(v => new OperationVersionView
        {
            Version = v.Version, Reason = v.Reason, CreatedBy = v.CreatedByName, CreatedAt = v.CreatedAt,
            Fingerprint = v.Fingerprint, Current = ReferenceEquals(v, stored[^1]), Request = JsonSerializer.Deserialize<StoredRequest>(v.RequestJson, OperationPlanner.Json)!.Request,
            RequiredRoles = v.RequiredRoles, Source = Deserialize(v.SourceJson), Target = Deserialize(v.TargetJson),
            Decisions = approvals.Where(a => VersionOf(a, index) == v.Version).Select(a => new VersionDecision(a.Role, a.UserName, a.Decision, a.DecidedAt)).ToList(),
        }).ToList();
    }

    /// <summary>
    /// The diff between versions <paramref name="from"/> and <paramref name="to"/> (default: the current version). Without
    /// <paramref name="from"/>: the version <paramref name="me"/> last approved; else, when <paramref name="anyApprover"/>, the
    /// last version anyone approved; else the previous version. A problem instead when a version does not exist.
    /// </summary>
    public async Task<(RequestDiffView? Diff, Problem? Problem)> DiffAsync(OperationRecord op, int? from, int? to, Actor me, bool anyApprover, CancellationToken ct)
    {
        var approvals = await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false);
        var versions = await ListAsync(op, approvals, ct).ConfigureAwait(false);
        var newer = to is { } t ? versions.FirstOrDefault(v => v.Version == t) : versions[^1];
        if (newer is null) return (null, NoSuchVersion(op, "to", to!.Value, versions));
        if (from is { } f)
        {
            var older = versions.FirstOrDefault(v => v.Version == f);
            return older is null
                ? (null, NoSuchVersion(op, "from", f, versions))
                : (RequestDiff.Compare(op.Id, older, newer, "requested"), null);
        }
        var index = versions.Select(v => (v.Version, v.Fingerprint, v.CreatedAt)).ToList();
        var approved = approvals.Where(a => a.Decision == "approve")
            .Select(a => (a.UserId, Version: VersionOf(a, index) ?? 0)).Where(a => a.Version is > 0 && a.Version <= newer.Version).ToList();
        var mine = approved.LastOrDefault(a => a.UserId == me.Id).Version;
        var anyone = approved.LastOrDefault(a => a.Version < newer.Version).Version;
        var (basis, number) = mine > 0 ? ("approved_by_you", mine)
            : anyApprover && anyone > 0 ? ("approved", anyone)
            : newer.Version > 1 ? ("previous", newer.Version - 1)
            : ("none", 0);
        return (RequestDiff.Compare(op.Id, versions.FirstOrDefault(v => v.Version == number), newer, basis), null);
    }

    private static Problem NoSuchVersion(OperationRecord op, string field, int version, IReadOnlyList<OperationVersionView> versions) =>
        new(field, Core.Diagnostics.DiagnosticCodes.ServiceVersionInvalid, $"operation {op.Id} has no version {version}: it has versions 1 to {versions[^1].Version}");

    /// <summary>The version a decision was given on: recorded with it, or (for older decisions) the last version with its fingerprint by then.</summary>
    private static int? VersionOf(ApprovalRecord a, List<(int Version, string Fingerprint, DateTimeOffset CreatedAt)> versions)
    {
        if (a.Version is { } recorded) return recorded;
        var match = versions.LastOrDefault(v => v.Fingerprint == a.Fingerprint && v.CreatedAt <= a.DecidedAt);
        if (match.Version == 0) match = versions.LastOrDefault(v => v.Fingerprint == a.Fingerprint);
        return match.Version == 0 ? null : match.Version;
    }

    private async Task<(DataSourceRecord? Source, DataSourceRecord? Target)> SourcesAsync(OperationRecord op, CancellationToken ct)
    {
        var request = StoredRequest.Of(op);
        var source = await store.GetDataSourceAsync(request.SourceId, ct).ConfigureAwait(false);
        var target = request.TargetId is null ? null : await store.GetDataSourceAsync(request.TargetId, ct).ConfigureAwait(false);
        return (source, target);
    }

    private static string? Serialize(DataSourceRecord? source) => source is null ? null : JsonSerializer.Serialize(DataSourceSnapshot.Of(source), OperationPlanner.Json);

    private static DataSourceSnapshot? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize<DataSourceSnapshot>(json, OperationPlanner.Json);
}

/// <summary>An operation's fingerprint over its data sources as they are now, those data sources, and the roles they require.</summary>
internal sealed record LiveBinding(string Fingerprint, DataSourceRecord Source, DataSourceRecord? Target, IReadOnlyList<string> RequiredRoles);
