using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Policy;
using Obscura.Engine;
using Obscura.Engine.Query;

namespace Obscura.Service.Queries;

/// <summary>
/// The query engine the CLI's <c>obscura query</c> and <c>obscura budget</c> use, held for the service's lifetime: the
/// policy (reloaded when its file changes), its budget store and one <see cref="QueryService"/> (plan cache, connection
/// pools). Null parts when the service has no policy.
/// </summary>
internal sealed class QueryEngine : IAsyncDisposable
{
    private QueryEngine(PolicySource? policy, LedgerBudgetStore? budget, QueryService? service)
    {
        Policy = policy;
        Budget = budget;
        Service = service;
    }

    public PolicySource? Policy { get; }
    public LedgerBudgetStore? Budget { get; }
    public QueryService? Service { get; }

    /// <summary>Loads the policy (an invalid one stops the start, as the CLI refuses it).</summary>
    /// <exception cref="ObscuraConfigException">The policy is invalid, or its audit log is the service's own.</exception>
    public static QueryEngine Open(ServiceSettings settings, ObscuraRuntime runtime)
    {
        if (settings.PolicyPath is not { Length: > 0 } path) return new QueryEngine(null, null, null);
        if (!File.Exists(path)) throw new ObscuraConfigException($"the privacy policy {path} does not exist");
        var policy = new PolicySource(path);
        var current = policy.Current;
        if (!string.IsNullOrWhiteSpace(current.Audit))
        {
            var auditPath = Path.GetFullPath(current.Audit, Path.GetDirectoryName(Path.GetFullPath(current.FilePath)) ?? Directory.GetCurrentDirectory());
            if (string.Equals(auditPath, Path.GetFullPath(settings.AuditPath), StringComparison.Ordinal))
            {
                throw new ObscuraConfigException("the privacy policy is invalid", [new Diagnostic(Severity.Error, "audit", DiagnosticCodes.ServiceQueryNotConfigured,
                    $"the policy's audit log {auditPath} is the service's own audit log, which the service keeps open: give the policy another 'audit' file")]);
            }
        }
        var budget = LedgerBudgetStore.ForPolicy(runtime, current);
        return new QueryEngine(policy, budget, new QueryService(runtime, policy, budget));
    }

    /// <summary>The policy in force (reloaded when changed), or null without one.</summary>
    public PrivacyPolicy? CurrentPolicy => Policy?.Current;

    public async ValueTask DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync().ConfigureAwait(false);
        if (Budget is not null) await Budget.DisposeAsync().ConfigureAwait(false);
    }
}
