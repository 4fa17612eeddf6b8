using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Engine.Validation;

namespace Obscura.Service.Operations;

/// <summary>
/// After a successful copy, validates the target against the source as <c>obscura copy --report</c> does and stores
/// <c>validation-report.json</c> and <c>.html</c> in the operation's directory for download.
/// </summary>
internal static class CopyValidation
{
    /// <summary>Writes the report; returns whether every check passed.</summary>
    public static async Task<bool> WriteReportAsync(ObscuraRuntime runtime, CopyOptions options, CopyResult result, string directory, OperationProgress progress, CancellationToken ct)
    {
        progress.Phase("validating the target");
        // A subset's target holds the rows the subset kept: those are the counts to compare, not the source tables'.
        var report = await new ValidationService(runtime).RunAsync(options.Source, options.Target, options.Config, options.Secret,
            new ValidationOptions
            {
                Tables = options.Tables, Jobs = Math.Max(2, options.Jobs),
                SourceRowCounts = result.Summary.Subset is null ? null : result.RowsBySource,
            }, ct).ConfigureAwait(false);
        await ValidationReportFiles.WriteAsync(report, directory, ct).ConfigureAwait(false);
        return report.Passed;
    }
}
