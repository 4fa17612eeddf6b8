using System.Text.Json;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Engine.Dump;
using Obscura.Engine.Generate;
using Obscura.Engine.InPlace;
using Obscura.Engine.Sampling;
using Obscura.Engine.Validation;

namespace Obscura.Service.Operations;

/// <summary>
/// Runs generate_sample (<see cref="GenerateService"/> with the source's schema, as <c>generate --like</c>), sample
/// (<see cref="SampleService"/>) and anonymize_in_place (<see cref="AnonymizeService"/> with a verified backup in the
/// operation's directory), and validates finished copies as <c>copy --report</c> does. Every report file lands in the
/// operation's directory, where <c>GET .../reports</c> finds it.
/// </summary>
internal sealed class TypeRunners(ObscuraRuntime runtime, ServiceSettings settings, Func<Exception, string> describe)
{
    /// <summary>The in-place run's own audit chain, in the operation's directory (the service's log is held open by the service).</summary>
    public const string EngineAuditFile = "engine-audit.jsonl";

    public async Task<OperationRunner.Outcome> RunAsync(
        string type, OperationRequest r, DatabaseUri source, DatabaseUri? target, string directory, ObscuraConfig config, RunSecret? secret,
        OperationProgress progress, CancellationToken ct) => type switch
    {
        OperationTypes.GenerateSample => await GenerateAsync(r, source, target!, progress, ct).ConfigureAwait(false),
        OperationTypes.Sample => await SampleAsync(r, source, target, directory, config, secret, progress, ct).ConfigureAwait(false),
        OperationTypes.AnonymizeInPlace => await AnonymizeAsync(r, source, directory, config, secret, progress, ct).ConfigureAwait(false),
        _ => throw new ObscuraConfigException($"operation_type '{type}' cannot run"),
    };

    private async Task<OperationRunner.Outcome> GenerateAsync(OperationRequest r, DatabaseUri source, DatabaseUri target, OperationProgress progress, CancellationToken ct)
    {
        var g = r.Generate!;
        progress.Phase("reading the source's schema");
        var (rows, scale) = GenerateOptions.ParseRows((g.Rows ?? new Dictionary<string, long>())
            .Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))
            .Concat(g.Scale is { } s ? [ "scale=" + s.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ] : []));
        var options = new GenerateOptions
        {
            Target = target, Schema = await GenerationSchemas.FromDatabaseAsync(runtime, source, ct).ConfigureAwait(false), SchemaSource = source.ToString(),
            Rows = rows, Scale = scale, Seed = g.Seed ?? 0, Locale = g.Locale ?? "en",
            Jobs = r.ParallelWorkers ?? settings.DefaultParallelWorkers, DropExisting = r.DropExisting,
        };
        var result = await new GenerateService(runtime).RunAsync(options, progress, ct).ConfigureAwait(false);
        return new OperationRunner.Outcome(result.Succeeded, result.Summary.ToJson(), result.Failure is null ? null : describe(result.Failure));
    }

    private async Task<OperationRunner.Outcome> SampleAsync(
        OperationRequest r, DatabaseUri source, DatabaseUri? target, string directory, ObscuraConfig config, RunSecret? secret, OperationProgress progress, CancellationToken ct)
    {
        var s = r.Sample!;
        var options = new SampleOptions
        {
            Source = source, Table = s.Table!, Size = s.Size!.Value, Mix = s.Mix is { } mix ? SampleMix.Parse(mix) : SampleMix.Default, Stratify = s.Stratify,
            Target = target, DropExisting = r.DropExisting, Output = directory, Format = s.Format == "parquet" ? DumpFormat.Parquet : DumpFormat.Csv,
            Config = config, Secret = secret, Seed = s.Seed ?? 0,
        };
        var result = await new SampleService(runtime).RunAsync(options, progress, ct).ConfigureAwait(false);
        // The summary leaves out the chosen rows' keys: they stay in sample-report.json, beside the sample itself.
        return new OperationRunner.Outcome(result.Succeeded, (result.Report with { Rows = [] }).ToJson(), result.Failure is null ? null : describe(result.Failure));
    }

    private async Task<OperationRunner.Outcome> AnonymizeAsync(
        OperationRequest r, DatabaseUri source, string directory, ObscuraConfig config, RunSecret? secret, OperationProgress progress, CancellationToken ct)
    {
        progress.Phase("anonymizing in place (verified backup first)");
        var options = new AnonymizeOptions
        {
            Databases = [source], Config = config, Secret = secret,
            BackupDirectory = Path.Combine(directory, "backup"), BackupVerification = BackupVerification.Restore,
            AuditPath = Path.Combine(directory, EngineAuditFile), AuditKey = Engine.Audit.AuditKey.FromEnvironment(),
            ReportDirectory = directory, Jobs = r.ParallelWorkers ?? settings.DefaultParallelWorkers,
        };
        try
        {
            var result = await new AnonymizeService(runtime).RunAsync(options, ct).ConfigureAwait(false);
            return new OperationRunner.Outcome(true, JsonSerializer.Serialize(result, CopySummary.JsonOptions), null);
        }
        catch (ObscuraConfigException e)
        {
            // Refused before anything was written (already anonymized, a config that does not fit): a plain failure.
            return Failed(OperationStatus.Failed, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine switches in one transaction and restores its verified backup when validation fails after the
            // commit: whatever went wrong, the database is as it was.
            return Failed(OperationStatus.RolledBack, describe(e));
        }

        static OperationRunner.Outcome Failed(string status, string error) =>
            new(false, JsonSerializer.Serialize(new { status, error }, CopySummary.JsonOptions), error, status);
    }

    /// <summary>
    /// After a copy that succeeded: validates the target against the source (row counts, foreign keys, unique, NOT NULL,
    /// leakage of transformed columns) and writes validation-report.json/.html into the operation's directory. A failed
    /// check fails the operation, as <c>copy --report</c> exits 1.
    /// </summary>
    public async Task<OperationRunner.Outcome> ValidateCopyAsync(
        CopyOptions copy, CopyResult result, string directory, OperationRunner.Outcome outcome, OperationProgress progress, CancellationToken ct)
    {
        progress.Phase("validating the target");
        var report = await new ValidationService(runtime).RunAsync(copy.Source, copy.Target, copy.Config, copy.Secret, new ValidationOptions
        {
            Tables = copy.Tables, Jobs = Math.Max(2, copy.Jobs),
            SourceRowCounts = result.Summary.Subset is null ? null : result.RowsBySource,
        }, ct).ConfigureAwait(false);
        await ValidationReportFiles.WriteAsync(report, directory, ct).ConfigureAwait(false);
        if (report.Passed) return outcome;
        var failed = string.Join(", ", report.Checks.Where(c => !c.Passed).Select(c => c.Check.ToString()));
        return outcome with { Succeeded = false, Error = $"the copy finished but validation failed ({failed}): see the validation report" };
    }
}
