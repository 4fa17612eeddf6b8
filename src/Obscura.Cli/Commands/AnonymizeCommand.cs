using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Obscura.Core.Config;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Engine.InPlace;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura anonymize</c>: anonymize one or more databases in place, all or nothing.</summary>
internal static class AnonymizeCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var databases = new Option<string[]>("--database", "-d")
        {
            Description = "A database to anonymize in place (repeat for databases that share keys). Without a password in the URI, it comes from OBSCURA_DATABASE_PASSWORD.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<FileInfo>("--config", "-c") { Description = "obscura.yaml; a table key may name its database: 'clinical:public.visit'.", Required = true };
        var force = new Option<bool>("--force") { Description = "Anonymize again a database that records a completed anonymization." };
        var resume = new Option<bool>("--resume") { Description = "Finish an interrupted run: skip databases this configuration already completed; a no-op after a completed run." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan (tables, columns, strategies, method, row estimates) and change nothing." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Tables staged in parallel (default: number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var backup = new Option<DirectoryInfo?>("--backup") { Description = "Take a verified backup of every database here first (pg_dump, mariadb-dump, SQLite copy; rows and checksums in manifest.json)." };
        var backupVerify = new Option<string>("--backup-verify")
        {
            Description = "How the backup is verified: restore (into a scratch database on the same server, every table compared; needs CREATE DATABASE) or list (dump complete and readable only).",
            DefaultValueFactory = _ => "restore",
        };
        backupVerify.AcceptOnlyFromAmong("restore", "list");
        var audit = new Option<FileInfo>("--audit") { Description = "Append the run's events to this hash-chained audit log.", DefaultValueFactory = _ => new FileInfo(Engine.Audit.AuditLog.DefaultFileName) };
        var auditKey = new Option<FileInfo?>("--audit-key-file") { Description = "HMAC key for the audit log (default: OBSCURA_AUDIT_KEY, if set)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write anonymization-report.json, validation-report.json and validation-report.html here." };
        var leakIgnore = new Option<string[]>("--leak-ignore") { Description = "table.column the leakage scan skips (repeatable).", AllowMultipleArgumentsPerToken = true };
        var summary = new Option<FileInfo?>("--summary") { Description = "Also write the JSON result to this file (it always goes to stdout)." };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("anonymize",
            "Anonymize databases in place: stage the new values, then switch every database in one transaction each, committed together; a failure or interruption leaves them as they were.")
        {
            databases, config, backup, backupVerify, audit, auditKey, report, leakIgnore, force, resume, dryRun, jobs, summary, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            if (parse.GetValue(jobs) < 1) throw new Core.Diagnostics.ObscuraConfigException("--jobs must be at least 1");
            if (parse.GetValue(force) && parse.GetValue(resume)) throw new Core.Diagnostics.ObscuraConfigException("--force and --resume contradict each other: choose one");
            var options = new AnonymizeOptions
            {
                Databases = parse.GetValue(databases)!.Select(d => DatabaseUri.Parse(d, "OBSCURA_DATABASE_PASSWORD")).ToList(),
                Config = ConfigLoader.LoadFile(parse.GetValue(config)!.FullName),
                Secret = CliOptions.ReadSecret(parse.GetValue(secretFile)),
                Force = parse.GetValue(force),
                Resume = parse.GetValue(resume),
                DryRun = parse.GetValue(dryRun),
                Jobs = parse.GetValue(jobs),
                BackupDirectory = parse.GetValue(backup)?.FullName,
                BackupVerification = parse.GetValue(backupVerify) == "list" ? BackupVerification.List : BackupVerification.Restore,
                AuditPath = parse.GetValue(audit)!.FullName,
                AuditKey = Engine.Audit.AuditKey.Resolve(parse.GetValue(auditKey)?.FullName),
                ReportDirectory = parse.GetValue(report)?.FullName,
                LeakageIgnore = parse.GetValue(leakIgnore) ?? [],
            };
            var result = await new AnonymizeService(runtime).RunAsync(options, token).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(result, CopySummary.JsonOptions);
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            if (parse.GetValue(summary) is { } file) await File.WriteAllTextAsync(file.FullName, json, token).ConfigureAwait(false);
            Render(result);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Render(AnonymizeResult result)
    {
        var console = CommandRunner.Errors;
        foreach (var db in result.Databases)
        {
            var table = new Table().Border(TableBorder.Simple).Title($"{Markup.Escape(db.Name)}: {Markup.Escape(db.Status)}");
            table.AddColumns("table", "method", "rows", "columns");
            foreach (var t in db.Tables)
            {
                var rows = result.Status == "planned" ? "~" + t.RowEstimate.ToString("N0", CultureInfo.InvariantCulture) : t.Rows.ToString("N0", CultureInfo.InvariantCulture);
                table.AddRow(Markup.Escape(t.Table), Markup.Escape($"{t.Method} ({t.Reason})"), rows, Markup.Escape(string.Join(", ", t.Columns)));
            }
            console.Write(table);
        }
        var colour = result.Status is "succeeded" or "planned" or "skipped" ? "green" : "red";
        console.MarkupLine($"[{colour}]{result.Status}[/] in {result.Seconds:0.0} s (run {result.RunId})");
    }
}
