using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Generate;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura generate</c>: fill a database with synthetic rows for a schema.</summary>
internal static class GenerateCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var target = CliOptions.Target();
        var rows = new Option<string[]>("--rows", "-r")
        {
            Description = "Rows per table: TABLE=N (comma-separated or repeated), or scale=F for every table at F times the source's rows. Tables a NOT NULL foreign key needs follow from the source's ratios.",
            AllowMultipleArgumentsPerToken = true,
        };
        var schema = new Option<FileInfo?>("--schema") { Description = "The schema as a catalog JSON file ('obscura inspect --out FILE', or scan's schema-catalog.json)." };
        var like = new Option<string?>("--like") { Description = "The schema of a live database (same tables, types and constraints; no rows read, only counted). Password from OBSCURA_SOURCE_PASSWORD." };
        var locale = new Option<string>("--locale")
        {
            Description = "Faker locale of names, addresses, phones and IDs (en, en_US, en_GB, en_IND, de, fr, ...).",
            DefaultValueFactory = _ => "en",
        };
        var seed = new Option<long?>("--seed") { Description = "Seed: the same seed, schema and counts give byte-identical rows (default: a random seed, reported in the summary)." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Tables generated in parallel (default: number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var dropExisting = new Option<bool>("--drop-existing") { Description = "Replace target tables that already hold rows." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Also write the JSON run summary to this file (it always goes to stdout)." };
        var command = new Command("generate",
            "Fill a database with synthetic rows for a schema (a catalog file or a live database's): every key, unique, NOT NULL, CHECK and foreign key holds; values follow what column names mean.")
        {
            target, rows, schema, like, locale, seed, jobs, dropExisting, summary,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var (counts, scale) = GenerateOptions.ParseRows(parse.GetValue(rows) ?? []);
            var targetUri = DatabaseUri.Parse(parse.GetValue(target)!, "OBSCURA_TARGET_PASSWORD");
            var (generationSchema, source) = await BuildSchemaAsync(runtime, parse, schema, like, token).ConfigureAwait(false);
            var options = new GenerateOptions
            {
                Target = targetUri,
                Schema = generationSchema,
                SchemaSource = source,
                Rows = counts,
                Scale = scale,
                Locale = parse.GetValue(locale) ?? "en",
                Seed = parse.GetValue(seed) ?? Random.Shared.NextInt64(0, 1L << 53),
                Jobs = parse.GetValue(jobs),
                DropExisting = parse.GetValue(dropExisting),
            };
            var progress = new ConsoleCopyProgress(CommandRunner.Errors);
            var result = await progress.RunAsync(() => new GenerateService(runtime).RunAsync(options, progress, token)).ConfigureAwait(false);
            var json = result.Summary.ToJson();
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            if (parse.GetValue(summary) is { } summaryFile) await File.WriteAllTextAsync(summaryFile.FullName, json, token).ConfigureAwait(false);
            RenderOutcome(result);
            if (result.Failure is not null)
            {
                CommandRunner.Report(result.Failure);
                return ExitCodes.For(result.Failure);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>
    /// The one place a <see cref="GenerationSchema"/> is built from the command line, and the description of where it
    /// came from: exactly one of <c>--schema FILE</c> and <c>--like URI</c>.
    /// </summary>
    private static async Task<(GenerationSchema Schema, string Source)> BuildSchemaAsync(
        ObscuraRuntime runtime, ParseResult parse, Option<FileInfo?> schema, Option<string?> like, CancellationToken token)
    {
        var file = parse.GetValue(schema);
        var likeUri = parse.GetValue(like);
        if (file is not null && likeUri is not null)
            throw new ObscuraConfigException("give the schema once: --schema FILE or --like URI, not both");
        if (file is not null)
            return (await GenerationSchemas.FromCatalogFileAsync(file.FullName, token).ConfigureAwait(false), file.Name);
        if (likeUri is not null)
        {
            var uri = DatabaseUri.Parse(likeUri, "OBSCURA_SOURCE_PASSWORD");
            return (await GenerationSchemas.FromDatabaseAsync(runtime, uri, token).ConfigureAwait(false), uri.ToString());
        }
        throw new ObscuraConfigException("generate needs a schema: --schema FILE (a catalog from 'obscura inspect --out FILE') or --like URI (a live database's schema)");
    }

    /// <summary>A short human summary on stderr: tables, rows, speed, warnings.</summary>
    private static void RenderOutcome(GenerateResult result)
    {
        var console = CommandRunner.Errors;
        var s = result.Summary;
        foreach (var w in s.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(w) + "[/]");
        var rate = s.Seconds > 0 ? s.Rows / s.Seconds : s.Rows;
        var colour = result.Succeeded ? "green" : "red";
        console.MarkupLine($"[{colour}]{s.Status}[/]: {s.Tables.Count(t => t.Status == "generated")}/{s.Tables.Count} tables, " +
            $"{s.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows in {s.Seconds:0.0} s ({rate.ToString("N0", CultureInfo.InvariantCulture)} rows/s), seed {s.Seed.ToString(CultureInfo.InvariantCulture)}");
    }
}
