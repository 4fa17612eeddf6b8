using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;

namespace Obscura.Service.Operations;

/// <summary>
/// Checks a request the way the CLI checks its options (the config through <see cref="ConfigLoader"/>, with the same
/// diagnostics) and collects every problem before anything is stored; works out the approver roles and the fingerprint.
/// </summary>
internal sealed class OperationPlanner(DataSourceService dataSources, Engine.ObscuraRuntime runtime, ServiceSettings settings, TimeProvider clock)
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<(PlannedOperation? Plan, IReadOnlyList<Problem> Problems)> PlanAsync(OperationRequest? request, CancellationToken ct)
    {
        var problems = new List<Problem>();
        void Add(string field, string code, string detail) => problems.Add(new Problem(field, code, detail));
        void AddDiagnostic(Diagnostic d) => Add(d.Line is { } line ? $"config:{line}" : "config", d.Code, $"{d.Path}: {d.Message}");
        if (request is null) return (null, [new Problem("body", DiagnosticCodes.ServiceInvalidField, "a JSON body is required")]);

        var type = request.OperationType;
        if (string.IsNullOrEmpty(type)) Add("operation_type", DiagnosticCodes.ServiceInvalidField, $"operation_type is required: one of {string.Join(", ", OperationTypes.Supported)}");
        else if (OperationTypes.NotYet.Contains(type)) Add("operation_type", DiagnosticCodes.ServiceUnsupportedOperation, $"operation_type '{type}' is not available in the service yet: use the CLI");
        else if (!OperationTypes.Supported.Contains(type)) Add("operation_type", DiagnosticCodes.ServiceUnsupportedOperation, $"unknown operation_type '{type}': use one of {string.Join(", ", OperationTypes.Supported)}");
        var known = type is not null && OperationTypes.Supported.Contains(type);

        Store.DataSourceRecord? source = null, target = null;
        if (string.IsNullOrWhiteSpace(request.SourceEnv)) Add("source_env", DiagnosticCodes.ServiceInvalidField, "source_env is required (an environment, data source name or id)");
        else
        {
            var (found, problem) = await dataSources.FindAsync(request.SourceEnv, ct).ConfigureAwait(false);
            if (problem is not null) Add("source_env", DiagnosticCodes.ServiceUnknownDataSource, problem);
            source = found;
        }
        if (known && (OperationTypes.NeedsTarget(type!) || (OperationTypes.AllowsTarget(type!) && request.TargetEnv is not null)))
        {
            if (string.IsNullOrWhiteSpace(request.TargetEnv)) Add("target_env", DiagnosticCodes.ServiceInvalidField, $"target_env is required for {type}");
            else
            {
                var (found, problem) = await dataSources.FindAsync(request.TargetEnv, ct).ConfigureAwait(false);
                if (problem is not null) Add("target_env", DiagnosticCodes.ServiceUnknownDataSource, problem);
                target = found;
            }
            if (source is not null && target is not null && source.Id == target.Id)
                Add("target_env", DiagnosticCodes.SameDatabase, "source and target are the same data source");
        }
        else if (known && request.TargetEnv is not null) Add("target_env", DiagnosticCodes.ServiceInvalidField, $"{type} reads the source only: leave target_env out");

        var tables = request.Tables ?? [];
        for (var i = 0; i < tables.Count; i++)
            if (string.IsNullOrWhiteSpace(tables[i])) Add($"tables[{i}]", DiagnosticCodes.ServiceInvalidField, "a table name is empty");

        if (type == OperationTypes.CopyFiltered)
        {
            if (request.Filter is not { Count: > 0 }) Add("filter", DiagnosticCodes.InvalidSubset, "copy_filtered needs filter: { \"TABLE\": \"SQL predicate\" }");
            foreach (var (table, predicate) in request.Filter ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrWhiteSpace(predicate)) Add($"filter.{table}", DiagnosticCodes.InvalidSubset, "the predicate is empty");
                if (tables.Count > 0 && !tables.Contains(table, StringComparer.OrdinalIgnoreCase))
                    Add($"filter.{table}", DiagnosticCodes.SubsetUnknownTable, $"filter names table '{table}', which is not among tables");
            }
        }
        else if (request.Filter is { Count: > 0 }) Add("filter", DiagnosticCodes.ServiceInvalidField, "filter is for copy_filtered only");

        if (request.Anonymize)
        {
            if (known && !OperationTypes.UsesConfig(type!)) Add("anonymize", DiagnosticCodes.ServiceInvalidField, $"{type} does not anonymize");
            else if (string.IsNullOrWhiteSpace(request.Config)) Add("config", DiagnosticCodes.ServiceInvalidField, "anonymize needs config (the obscura.yaml text)");
            else
            {
                try
                {
                    var config = ConfigLoader.Parse(request.Config, "config");
                    // Bind it to the source's schema as the CLI does before writing anything: unknown tables, columns, strategies.
                    if (source is not null)
                    {
                        var secret = settings.ReadRunSecret();
                        var catalog = await InspectAsync(source, ct).ConfigureAwait(false);
                        if (catalog is null) Add("source_env", DiagnosticCodes.ServiceUnknownDataSource, "the source cannot be reached to check the config against its schema: test the data source");
                        else
                        {
                            var plan = TransformPlanner.Plan(config, catalog, runtime.WithPlugins(config.Plugins).Strategies, secret);
                            foreach (var d in plan.Diagnostics.Where(d => d.Severity == Severity.Error)) AddDiagnostic(d);
                        }
                    }
                }
                catch (ObscuraConfigException e)
                {
                    if (e.Diagnostics.Count == 0) Add("config", DiagnosticCodes.ServiceInvalidField, e.Message);
                    foreach (var d in e.Diagnostics.Where(d => d.Severity == Severity.Error)) AddDiagnostic(d);
                }
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.Config)) Add("config", DiagnosticCodes.ServiceInvalidField, "config is given but anonymize is false: set anonymize true, or leave config out");

        if (request.ParallelWorkers is < 1 or > 64) Add("parallel_workers", DiagnosticCodes.ServiceInvalidField, "parallel_workers must be between 1 and 64");
        var requested = request.RequiredApprovers ?? [];
        foreach (var role in requested)
            if (!ServiceRoles.Approvers.Contains(role, StringComparer.Ordinal))
                Add("required_approvers", DiagnosticCodes.ServiceInvalidField, $"'{role}' is not an approver role: use {string.Join(", ", ServiceRoles.Approvers)}");
        if (request.ScheduledAt is { } at && at <= clock.GetUtcNow()) Add("scheduled_at", DiagnosticCodes.ServiceInvalidField, "scheduled_at is in the past");
        if (request.Format is { } format && (type != OperationTypes.Dump || format is not ("sql" or "csv" or "parquet")))
            Add("format", DiagnosticCodes.ServiceInvalidField, "format is for dump only: sql, csv or parquet");

        OperationTypeChecks.Check(request, clock, Add);
        if (problems.Count > 0) return (null, problems);

        var normalized = request with
        {
            Tables = tables.Select(t => t.Trim()).ToList(),
            RequiredApprovers = requested.Distinct(StringComparer.Ordinal).ToList(),
            ParallelWorkers = request.ParallelWorkers ?? settings.DefaultParallelWorkers,
            Format = type == OperationTypes.Dump ? request.Format ?? "sql" : null,
        };
        var roles = RequiredRoles(normalized, source!, target, settings);
        return (new PlannedOperation(normalized, source!, target, roles, Fingerprint(normalized, source!, target)), problems);
    }

    private async Task<Core.Schema.Catalog?> InspectAsync(Store.DataSourceRecord source, CancellationToken ct)
    {
        try
        {
            await using var endpoint = runtime.Connect(dataSources.Resolve(source));
            return await endpoint.InspectAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The roles that must approve: those requested, and those the settings add for the data sources' environments.</summary>
    internal static IReadOnlyList<string> RequiredRoles(OperationRequest request, Store.DataSourceRecord source, Store.DataSourceRecord? target, ServiceSettings settings)
    {
        var roles = new HashSet<string>(request.RequiredApprovers ?? [], StringComparer.Ordinal);
        foreach (var env in new[] { source.Environment, target?.Environment })
            if (env is not null && settings.EnvironmentApprovers.TryGetValue(env, out var extra)) roles.UnionWith(extra);
        return ServiceRoles.Approvers.Where(roles.Contains).ToList();
    }

    /// <summary>SHA-256 of the whole request and of the data sources as they are now: any change yields another value.</summary>
    public static string Fingerprint(OperationRequest request, Store.DataSourceRecord source, Store.DataSourceRecord? target)
    {
        var text = JsonSerializer.Serialize(new { request, source = Describe(source), target = target is null ? null : Describe(target) }, Json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static object Describe(Store.DataSourceRecord s) =>
        new { s.Id, s.Kind, s.Host, s.Port, s.Database, s.Username, s.Environment, s.Classification, s.TlsMode, s.PasswordCipher, s.PasswordRef };
}
