using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Query;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura query</c>: a differentially private answer to SQL over a live database.</summary>
internal static class QueryCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var policy = PolicyOption();
        var user = UserOption();
        var epsilon = new Option<double?>("--epsilon", "-e") { Description = "Total ε for this query, divided among the statistics it needs (default: the role's epsilon_per_query)." };
        var delta = new Option<double?>("--delta") { Description = "δ for this query: τ-thresholds of GROUP BY keys and Gaussian noise (default: the role's delta_per_query)." };
        var format = new Option<string>("--format", "-f") { Description = "csv (default: header + rows) or json (with 95% confidence intervals).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var sql = new Argument<string>("sql") { Description = "The SQL (SmartNoise's dialect: TOP n, VAR, PI(), POWER; or LIMIT, CTEs, windows)." };
        var command = new Command("query", "Answer aggregate SQL with differential privacy: the answer on stdout, its cost and the remaining budget on stderr.")
        {
            source, policy, user, epsilon, delta, format, sql,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var policySource = new PolicySource(parse.GetValue(policy)!.FullName);
            var store = LedgerBudgetStore.ForPolicy(runtime, policySource.Current);
            try
            {
                await using var service = new QueryService(runtime, policySource, store);
                var answer = await service.RunAsync(new QueryOptions
                {
                    Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                    User = parse.GetValue(user)!,
                    Sql = parse.GetValue(sql)!,
                    Epsilon = parse.GetValue(epsilon),
                    Delta = parse.GetValue(delta),
                }, token).ConfigureAwait(false);
                foreach (var w in service.PolicyWarnings) CommandRunner.Errors.MarkupLine("[yellow]" + Markup.Escape(w.ToString()) + "[/]");
                var text = parse.GetValue(format) == "json" ? Json(answer) : Csv(answer);
                await Console.Out.WriteAsync(text).ConfigureAwait(false);
                await Console.Out.FlushAsync(token).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(Cost(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            finally
            {
                if (store is not null) await store.DisposeAsync().ConfigureAwait(false);
            }
        }, ct));
        return command;
    }

    internal static Option<FileInfo> PolicyOption() => new("--policy", "-p") { Description = "The privacy policy (privacy.yaml).", Required = true };

    internal static Option<string> UserOption() => new("--user", "-u") { Description = "The user asking (a key under 'users' in the policy).", Required = true };

    private static string Cost(QueryAnswer a)
    {
        if (a.Plan.PublicSql is not null) return "cost: none (public tables only)";
        var text = $"cost: ε = {N(a.Epsilon)}, δ = {N(a.Delta)}";
        if (a.EpsilonRemaining is { } e) text += $"; remaining: ε = {N(e)}, δ = {N(a.DeltaRemaining ?? 0)}";
        if (a.SuppressedGroups > 0) text += $"; {a.SuppressedGroups} group(s) below the τ-threshold withheld";
        return text;
    }

    private static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    internal static string Csv(QueryAnswer a)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', a.Columns.Select(CsvField)).Append('\n');
        foreach (var row in a.Rows) sb.AppendJoin(',', row.Select(v => CsvField(Text(v)))).Append('\n');
        return sb.ToString();
    }

    private static string CsvField(string? s) =>
        s is null ? string.Empty
        : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string? Text(object? v) => v switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    internal static string Json(QueryAnswer a)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("columns");
            foreach (var c in a.Columns) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            for (var r = 0; r < a.Rows.Count; r++)
            {
                w.WriteStartObject();
                for (var c = 0; c < a.Columns.Count; c++)
                {
                    w.WritePropertyName(a.Columns[c]);
                    w.WriteStartObject();
                    w.WritePropertyName("value");
                    WriteValue(w, a.Rows[r][c]);
                    if (a.Intervals[r][c] is { } ci)
                    {
                        w.WriteStartArray("ci95");
                        w.WriteNumberValue(ci.Low);
                        w.WriteNumberValue(ci.High);
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("epsilon", a.Epsilon);
            w.WriteNumber("delta", a.Delta);
            if (a.EpsilonRemaining is { } e) w.WriteNumber("epsilon_remaining", e);
            if (a.DeltaRemaining is { } d) w.WriteNumber("delta_remaining", d);
            w.WriteNumber("suppressed_groups", a.SuppressedGroups);
            w.WriteString("mechanism", a.Plan.Mechanism);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case long l: w.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case bool b: w.WriteBooleanValue(b); break;
            default: w.WriteStringValue(Text(v)); break;
        }
    }
}
