using Cronos;
using Obscura.Core.Diagnostics;
using Obscura.Engine.Generate;
using Obscura.Engine.Sampling;

namespace Obscura.Service.Operations;

/// <summary>
/// Checks of the request parts that belong to one operation type (generate_sample, sample, anonymize_in_place) and of
/// recurring requests, with the diagnostics the CLI gives for the same options.
/// </summary>
internal static class OperationTypeChecks
{
    /// <summary>Reports every problem through <paramref name="add"/> (field, code, detail).</summary>
    public static void Check(OperationRequest request, TimeProvider clock, Action<string, string, string> add)
    {
        var type = request.OperationType;
        if (request.RunOf is not null) add("run_of", DiagnosticCodes.ServiceInvalidField, "run_of is set by the service on the runs of a recurring operation: leave it out");

        if (type == OperationTypes.GenerateSample)
        {
            CheckGenerate(request.Generate, add);
            if (request.Tables is { Count: > 0 }) add("tables", DiagnosticCodes.ServiceOperationOptions, "generate_sample chooses its tables through generate.rows: leave tables out");
        }
        else if (request.Generate is not null) add("generate", DiagnosticCodes.ServiceInvalidField, "generate is for generate_sample only");

        if (type == OperationTypes.Sample) CheckSample(request.Sample, add);
        else if (request.Sample is not null) add("sample", DiagnosticCodes.ServiceInvalidField, "sample is for operation_type sample only");

        if (request.Validate is not null && type is not (OperationTypes.CopyFull or OperationTypes.CopyFiltered))
            add("validate", DiagnosticCodes.ServiceInvalidField, "validate is for copy_full and copy_filtered (anonymize_in_place always validates)");
        if (type == OperationTypes.AnonymizeInPlace && !request.Anonymize)
            add("anonymize", DiagnosticCodes.ServiceInvalidField, "anonymize_in_place changes the source itself: set anonymize true and give the config");

        if (request.Cron is { } cron)
        {
            if (request.ScheduledAt is not null)
                add("cron", DiagnosticCodes.ServiceInvalidCron, "give either cron (a recurring refresh) or scheduled_at (one run), not both");
            if (TryParseCron(cron, out var error) is null) add("cron", DiagnosticCodes.ServiceInvalidCron, error!);
        }
        _ = clock;
    }

    /// <summary>The parsed five-field expression, or null with the reason (worded for users).</summary>
    public static CronExpression? TryParseCron(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "cron is empty: give five fields, e.g. \"0 22 * * *\" for 22:00 UTC every day";
            return null;
        }
        try
        {
            return CronExpression.Parse(text.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            error = $"cron '{text}' is not a five-field cron expression (minute hour day-of-month month day-of-week): {e.Message}";
            return null;
        }
    }

    private static void CheckGenerate(GenerateSampleRequest? generate, Action<string, string, string> add)
    {
        if (generate is null || (generate.Rows is not { Count: > 0 } && generate.Scale is null))
        {
            add("generate", DiagnosticCodes.ServiceOperationOptions, "generate_sample needs generate: { \"rows\": { \"TABLE\": N } } or { \"scale\": F }");
            return;
        }
        // The CLI's own parser, so a bad count or scale gets the diagnostic `obscura generate --rows` gives.
        var pairs = (generate.Rows ?? new Dictionary<string, long>()).Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Key}={r.Value}")).ToList();
        if (generate.Scale is { } scale) pairs.Add("scale=" + scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            GenerateOptions.ParseRows(pairs);
        }
        catch (ObscuraConfigException e)
        {
            foreach (var d in e.Diagnostics) add("generate.rows", d.Code, d.Message.Replace("--rows", "rows", StringComparison.Ordinal));
        }
        if (generate.Locale is { Length: 0 }) add("generate.locale", DiagnosticCodes.ServiceOperationOptions, "generate.locale is empty: leave it out for en");
    }

    private static void CheckSample(SampleRequest? sample, Action<string, string, string> add)
    {
        if (sample is null)
        {
            add("sample", DiagnosticCodes.ServiceOperationOptions, "sample needs sample: { \"table\": \"TABLE\", \"size\": N }");
            return;
        }
        if (string.IsNullOrWhiteSpace(sample.Table)) add("sample.table", DiagnosticCodes.ServiceOperationOptions, "sample.table is required: the table to sample");
        if (sample.Size is not > 0) add("sample.size", DiagnosticCodes.ServiceOperationOptions, "sample.size is required: the number of rows to pick, 1 or more");
        if (sample.Format is { } format && format is not ("csv" or "parquet")) add("sample.format", DiagnosticCodes.ServiceOperationOptions, "sample.format is csv or parquet");
        if (sample.Mix is { } mix)
        {
            try
            {
                SampleMix.Parse(mix);
            }
            catch (ObscuraConfigException e)
            {
                if (e.Diagnostics.Count == 0) add("sample.mix", DiagnosticCodes.ServiceOperationOptions, e.Message);
                foreach (var d in e.Diagnostics) add("sample.mix", d.Code, d.Message);
            }
        }
    }
}
