using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Profiled;
using Obscura.Engine.Generate.Templates;
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
        var context = new Option<string?>("--context")
        {
            Description = "The schema from a built-in domain template chosen by keywords in this text, e.g. \"e-commerce platform selling electronics\" " +
                          $"({string.Join(", ", DomainTemplates.All.Select(t => t.Name))}). A keyword-matched template library, not a language model; " +
                          "--rows then uses the template's table names, and tables it does not name follow the template's ratios.",
        };
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
        var profile = new Option<FileInfo?>("--profile")
        {
            Description = "Follow a source's profile ('obscura profile' writes DIR/profile.json): row counts, NULL ratios, categorical frequencies, numeric and date histograms, text lengths and children per parent. Personal-data columns get fakes, never profiled values.",
        };
        var epsilon = new Option<double?>("--epsilon")
        {
            Description = "Release the profile with differential privacy first, at this total ε for the database (e.g. 1): only noisy single-column marginals, row counts and fan-outs are used. Needs --profile.",
        };
        var delta = new Option<double>("--delta")
        {
            Description = "Total δ of the --epsilon release (spent on thresholds that keep rare values and bins out).",
            DefaultValueFactory = _ => 1e-6,
        };
        var releasedProfile = new Option<FileInfo?>("--released-profile") { Description = "With --epsilon: also write the released profile (what the generation saw, with its privacy accounting) to this file." };
        var command = new Command("generate",
            "Fill a database with synthetic rows for a schema (a catalog file, a live database's, or a domain template picked by --context keywords): every key, unique, NOT NULL, CHECK and foreign key holds; values follow what column names mean.")
        {
            target, rows, schema, like, context, locale, seed, jobs, dropExisting, summary, profile, epsilon, delta, releasedProfile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var (counts, scale) = GenerateOptions.ParseRows(parse.GetValue(rows) ?? []);
            var targetUri = DatabaseUri.Parse(parse.GetValue(target)!, "OBSCURA_TARGET_PASSWORD");
            var (generationSchema, source) = await BuildSchemaAsync(runtime, parse, schema, like, context, counts, scale, new ProfileArguments(profile, epsilon, delta, releasedProfile), token).ConfigureAwait(false);
            // A template's schema carries every table's count already (its ratios stand in for a source's).
            if (parse.GetValue(context) is not null) scale = null;
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
    /// came from: exactly one of <c>--schema FILE</c>, <c>--like URI</c> and <c>--context TEXT</c>, then the profile's
    /// specs over it (<c>--profile</c>, released first with <c>--epsilon</c>).
    /// </summary>
    private static async Task<(GenerationSchema Schema, string Source)> BuildSchemaAsync(
        ObscuraRuntime runtime, ParseResult parse, Option<FileInfo?> schema, Option<string?> like, Option<string?> context,
        IReadOnlyDictionary<string, long> counts, double? scale, ProfileArguments profiling, CancellationToken token)
    {
        // Read (and release) the profile first, so a bad file or budget stops the run before anything connects.
        var profile = await ReadProfileAsync(parse, profiling, token).ConfigureAwait(false);
        var (generation, source) = await BuildBaseSchemaAsync(runtime, parse, schema, like, context, counts, scale, token).ConfigureAwait(false);
        if (profile is null) return (generation, source);
        var diagnostics = new DiagnosticBag();
        generation = ProfileSpecs.Apply(generation, profile, diagnostics);
        foreach (var warning in diagnostics.Items) CommandRunner.Errors.MarkupLine("[yellow]" + Markup.Escape(warning.ToString()) + "[/]");
        return (generation, $"{source} + {parse.GetValue(profiling.Profile)!.Name}{(profile.Privacy is null ? "" : " (released with ε)")}");
    }

    /// <summary>The profile options, passed together to the schema builder.</summary>
    private sealed record ProfileArguments(Option<FileInfo?> Profile, Option<double?> Epsilon, Option<double> Delta, Option<FileInfo?> ReleasedProfile);

    /// <summary><c>--profile</c> read, and released with <c>--epsilon</c> (written to <c>--released-profile</c>); null without <c>--profile</c>.</summary>
    private static async Task<Engine.Profiling.ProfileReport?> ReadProfileAsync(ParseResult parse, ProfileArguments profiling, CancellationToken token)
    {
        var profileFile = parse.GetValue(profiling.Profile);
        var epsilon = parse.GetValue(profiling.Epsilon);
        if (epsilon is not null && profileFile is null)
            throw new ObscuraConfigException("--epsilon releases a profile: give it with --profile FILE (from 'obscura profile')");
        if (parse.GetValue(profiling.ReleasedProfile) is not null && epsilon is null)
            throw new ObscuraConfigException("--released-profile writes what --epsilon released: give --epsilon too");
        if (profileFile is null) return null;
        var profile = await Engine.Profiling.ProfileJson.ReadFileAsync(profileFile.FullName, token).ConfigureAwait(false);
        if (epsilon is not { } e) return profile;
        profile = ProfileRelease.Release(profile, new ProfileReleaseOptions { Epsilon = e, Delta = parse.GetValue(profiling.Delta) }, Core.Privacy.CryptoPrivacyRandom.Shared);
        var privacy = profile.Privacy!;
        CommandRunner.Errors.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"profile released with ε = {privacy.Epsilon}, δ = {privacy.Delta}: {privacy.Statistics.Count} statistics at ε = {privacy.Statistics[0].Epsilon:0.####} each; unit: {privacy.Unit}")));
        if (parse.GetValue(profiling.ReleasedProfile) is { } released)
            await File.WriteAllTextAsync(released.FullName, Engine.Profiling.ProfileJson.Serialize(profile), token).ConfigureAwait(false);
        return profile;
    }

    /// <summary>The schema from exactly one of <c>--schema</c>, <c>--like</c> and <c>--context</c>.</summary>
    private static async Task<(GenerationSchema Schema, string Source)> BuildBaseSchemaAsync(
        ObscuraRuntime runtime, ParseResult parse, Option<FileInfo?> schema, Option<string?> like, Option<string?> context,
        IReadOnlyDictionary<string, long> counts, double? scale, CancellationToken token)
    {
        var file = parse.GetValue(schema);
        var likeUri = parse.GetValue(like);
        var contextText = parse.GetValue(context);
        if ((file is not null ? 1 : 0) + (likeUri is not null ? 1 : 0) + (contextText is not null ? 1 : 0) > 1)
            throw new ObscuraConfigException("give the schema once: --schema FILE, --like URI or --context TEXT, not several");
        if (contextText is not null)
        {
            var match = DomainTemplates.Match(contextText);
            var built = match.WithRows(counts, scale);
            CommandRunner.Errors.MarkupLine("[blue]--context chose[/] " + Markup.Escape(match.Why));
            return (built, match.Variant is null ? $"template {match.Name}" : $"template {match.Name} ({match.Variant})");
        }
        if (file is not null)
            return (await GenerationSchemas.FromCatalogFileAsync(file.FullName, token).ConfigureAwait(false), file.Name);
        if (likeUri is not null)
        {
            var uri = DatabaseUri.Parse(likeUri, "OBSCURA_SOURCE_PASSWORD");
            return (await GenerationSchemas.FromDatabaseAsync(runtime, uri, token).ConfigureAwait(false), uri.ToString());
        }
        throw new ObscuraConfigException("generate needs a schema: --schema FILE (a catalog from 'obscura inspect --out FILE'), --like URI (a live database's schema) or --context TEXT (a built-in domain template chosen by keywords)");
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
