using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Engine.Audit;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura audit verify|search</c>: check an audit log's hash chain (and HMACs), or filter its events.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Work with the audit log that anonymize, restore, validate and query append to (obscura-audit.jsonl).");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Search());
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The audit log (JSON Lines)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = $"File holding the HMAC key (default: the {AuditKey.EnvironmentVariable} environment variable)." };
        var command = new Command("verify", "Check the hash chain (and HMACs with a key): exit 0 when intact, 1 naming the first bad line (edited, removed, reordered, inserted, torn, wrong HMAC).")
        {
            file, keyFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var path = Existing(parse.GetValue(file)!);
            var key = AuditKey.Resolve(parse.GetValue(keyFile)?.FullName);
            var result = AuditVerifier.Verify(path, key);
            // Plain lines (no console wrapping): scripts grep for "line N".
            foreach (var note in result.Notes) await Console.Error.WriteLineAsync("note: " + note).ConfigureAwait(false);
            if (!result.Valid)
            {
                await Console.Error.WriteLineAsync($"error: audit log {path} is invalid: {result.Message}").ConfigureAwait(false);
                return ExitCodes.ValidationFailed;
            }
            await Console.Out.WriteLineAsync(
                $"valid: {result.Lines} lines, head seq {result.HeadSequence}, head hash {result.HeadHash}, " +
                (result.HmacChecked ? "HMAC checked" : "hash chain only (no key given)")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Search()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The audit log (JSON Lines)." };
        var types = new Option<string[]>("--type") { Description = "Only events of these types (run_started, table_anonymized, ...; comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "Only events at or after this instant (ISO-8601; a date means its start, UTC)." };
        var to = new Option<string?>("--to") { Description = "Only events before this instant (ISO-8601)." };
        var user = new Option<string?>("--user") { Description = "Only events of this user (a query's user, a service action's actor)." };
        var outcome = new Option<string?>("--outcome") { Description = "Only query events that ended so: answered, rejected, refused or failed." };
        outcome.AcceptOnlyFromAmong("answered", "rejected", "refused", "failed");
        var format = new Option<string>("--format") { Description = "jsonl (the lines as stored) or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var command = new Command("search", "Print the events of an audit log that match, as JSON Lines or CSV (does not verify: use 'audit verify').")
        {
            file, types, user, outcome, from, to, format,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var path = Existing(parse.GetValue(file)!);
            var wanted = (parse.GetValue(types) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToHashSet(StringComparer.Ordinal);
            var after = Instant(parse.GetValue(from), "--from");
            var before = Instant(parse.GetValue(to), "--to");
            var csv = parse.GetValue(format) == "csv";
            var onlyUser = parse.GetValue(user);
            var onlyOutcome = parse.GetValue(outcome);
            var output = new StringBuilder();
            if (csv) output.Append("seq,at,type,run_id,fields\n");
            var lineNumber = 0;
            foreach (var line in await File.ReadAllLinesAsync(path, token).ConfigureAwait(false))
            {
                lineNumber++;
                if (line.Length == 0) continue;
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(line);
                }
                catch (JsonException)
                {
                    CommandRunner.Errors.MarkupLine($"[yellow]warning: line {lineNumber} is not JSON; skipped[/]");
                    continue;
                }
                using (doc)
                {
                    var root = doc.RootElement;
                    var type = Text(root, "type");
                    if (wanted.Count > 0 && !wanted.Contains(type)) continue;
                    if (onlyUser is not null && Text(root, "user") != onlyUser && Text(root, "actor") != onlyUser) continue;
                    if (onlyOutcome is not null && (type != "query" || Text(root, "outcome") != onlyOutcome)) continue;
                    if ((after is not null || before is not null) &&
                        (!DateTimeOffset.TryParse(Text(root, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                         || (after is { } a && at < a) || (before is { } b && at >= b))) continue;
                    if (!csv)
                    {
                        output.Append(line).Append('\n');
                        continue;
                    }
                    var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var p in root.EnumerateObject())
                        if (p.Name is not ("seq" or "at" or "type" or "run_id" or "prev" or "hash" or "hmac" or "key_id")) fields[p.Name] = p.Value;
                    output.Append(root.TryGetProperty("seq", out var seq) ? seq.GetRawText() : "").Append(',').Append(Csv(Text(root, "at"))).Append(',')
                        .Append(Csv(type)).Append(',').Append(Csv(Text(root, "run_id"))).Append(',').Append(Csv(JsonSerializer.Serialize(fields))).Append('\n');
                }
            }
            await Console.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Existing(FileInfo file) =>
        file.Exists ? file.FullName : throw new ObscuraConfigException($"audit log {file.FullName} does not exist");

    private static DateTimeOffset? Instant(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new ObscuraConfigException($"{option} '{text}' is not an ISO-8601 date or instant (e.g. 2025-01-31 or 2025-01-31T12:00:00Z)");
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
