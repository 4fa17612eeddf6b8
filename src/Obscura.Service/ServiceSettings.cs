namespace Obscura.Service;

/// <summary>How the service runs: where its state lives, its keys, and the approval rules.</summary>
public sealed record ServiceSettings
{
    /// <summary>The store, <c>sqlite:PATH</c> (embedded, one process) or <c>postgres://...</c> (shared by several processes).</summary>
    public string Store { get; init; } = "sqlite:obscura-service.db";
    /// <summary>The hash-chained audit log the service appends to.</summary>
    public string AuditPath { get; init; } = Engine.Audit.AuditLog.DefaultFileName;
    /// <summary>Where run reports and dump outputs are written, one directory per operation.</summary>
    public string DataDirectory { get; init; } = "obscura-service-data";
    /// <summary>The largest report file the store keeps (bytes); a larger one is listed with where it stays on disk.</summary>
    public long ReportMaxBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>How long an ended operation's report files stay in the store (docs/service.md#retention); zero keeps them forever.</summary>
    public TimeSpan ReportRetention { get; init; } = TimeSpan.FromDays(90);
    /// <summary>How long sent or given-up notification outbox rows stay in the store; zero keeps them forever.</summary>
    public TimeSpan NotificationRetention { get; init; } = TimeSpan.FromDays(30);
    /// <summary>The master key file; null: <c>OBSCURA_MASTER_KEY</c> or <c>OBSCURA_MASTER_KEY_FILE</c>.</summary>
    public string? MasterKeyFile { get; init; }
    /// <summary>The file holding the run secret for keyed strategies; null: <c>OBSCURA_SECRET</c> (or none).</summary>
    public string? SecretFile { get; init; }

    /// <summary>The run secret for keyed strategies, read when a request is checked or run; null when none is configured.</summary>
    public Core.Crypto.RunSecret? ReadRunSecret()
    {
        if (SecretFile is not null)
        {
            if (!File.Exists(SecretFile)) throw new Core.Diagnostics.ObscuraConfigException($"the secret file {SecretFile} does not exist");
            return Core.Crypto.RunSecret.FromText(File.ReadAllText(SecretFile).Trim());
        }
        return Environment.GetEnvironmentVariable("OBSCURA_SECRET") is { Length: > 0 } text ? Core.Crypto.RunSecret.FromText(text) : null;
    }

    /// <summary>Operations run at once by this process's workers.</summary>
    public int Workers { get; init; } = 1;
    /// <summary>How often idle workers look for due work.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// How often each process looks for operations a process claimed and then stopped (killed, crashed) before it added
    /// the start job; such an operation is queued again.
    /// </summary>
    public TimeSpan StalledClaimCheckInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>How long an operation must be seen running with no job before it counts as stalled (the hand-over takes milliseconds).</summary>
    public TimeSpan StalledClaimAfter { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>How long an approval stays valid.</summary>
    public TimeSpan ApprovalValidity { get; init; } = TimeSpan.FromDays(7);
    /// <summary>
    /// Roles every operation touching an environment needs, by environment name (case-insensitive), added to the
    /// request's own <c>required_approvers</c>. Default: PROD needs DBA, DATA_OWNER and SECURITY.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> EnvironmentApprovers { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["PROD"] = [ServiceRoles.Dba, ServiceRoles.DataOwner, ServiceRoles.Security],
        };
    /// <summary>Tables loaded at once by one copy when the request does not say (parallel_workers).</summary>
    public int DefaultParallelWorkers { get; init; } = 4;
    /// <summary>Approver notifications: webhooks and SMTP e-mail (none by default).</summary>
    public Notifications.NotificationSettings Notifications { get; init; } = new();
    /// <summary>Identity-provider tokens, the IP allowlist and rate limits (docs/service.md#access).</summary>
    public Access.AccessSettings Access { get; init; } = new();
    /// <summary>Masked preview limits and clear-text grants.</summary>
    public Preview.PreviewSettings Preview { get; init; } = new();
    /// <summary>The privacy policy (privacy.yaml) behind <c>POST /api/query</c> and <c>GET /api/budget</c>; null: those answer 503.</summary>
    public string? PolicyPath { get; init; }
    /// <summary>
    /// How long a job a worker took stays invisible to other workers without a heartbeat from it: a worker killed
    /// outright loses its jobs to another worker after about this long (1–60 s; docs/scale-out.md).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromSeconds(45);
    /// <summary>
    /// A copy splits tables of at least this many rows (with a single-column integer key) into key ranges of about this
    /// size. Null: 250,000 with a PostgreSQL store (several processes share the ranges), no splitting with the embedded
    /// SQLite store (one process: ranges only add per-range work; measured in docs/scale-out.md).
    /// </summary>
    public long? PartitionRows { get; init; }

    /// <summary>The split size in force; 0: copies run whole.</summary>
    public long EffectivePartitionRows => PartitionRows ?? (Obscura.Service.Store.ServiceStores.IsPostgres(Store) ? 250_000 : 0);
}
