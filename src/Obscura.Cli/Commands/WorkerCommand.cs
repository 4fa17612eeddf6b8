using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Obscura.Engine;
using Obscura.Service;
using Obscura.Service.Jobs;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura worker</c>: runs jobs from a shared PostgreSQL store, no HTTP (docs/scale-out.md).</summary>
internal static class WorkerCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var store = new Option<string>("--store") { Description = "The shared store: postgres://user@host/database (password in the URI or OBSCURA_STORE_PASSWORD).", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Jobs (tables or key ranges) this process runs at once (default 2).", DefaultValueFactory = _ => 2 };
        var audit = new Option<FileInfo?>("--audit-log") { Description = "This worker's hash-chained audit log (default obscura-worker-audit.jsonl; one per process)." };
        var data = new Option<DirectoryInfo?>("--data-dir") { Description = "Where run reports and dump outputs go (default obscura-service-data)." };
        var secretFile = CliOptions.SecretFile();
        var keyFile = new Option<FileInfo?>("--master-key-file") { Description = "File with the base64 master key of the service (default: OBSCURA_MASTER_KEY)." };
        var notifications = new Option<FileInfo?>("--notifications") { Description = "JSON file of approver notifications, as for serve: the runs this worker ends are announced (docs/service.md)." };
        var (invisibility, partitionRows) = JobOptions();
        var reportMax = ReportMaxBytesOption();
        var retention = RetentionOptions();
        var command = new Command("worker", "Run jobs of the Obscura service from a shared PostgreSQL store, on this or any machine (docs/scale-out.md).")
        {
            store, concurrency, audit, data, keyFile, secretFile, notifications, invisibility, partitionRows, reportMax, retention.Reports, retention.Notifications,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = ApplyJobOptions(parse, new ServiceSettings
            {
                Store = parse.GetValue(store)!,
                AuditPath = parse.GetValue(audit)?.FullName ?? "obscura-worker-audit.jsonl",
                DataDirectory = parse.GetValue(data)?.FullName ?? "obscura-service-data",
                MasterKeyFile = parse.GetValue(keyFile)?.FullName,
                SecretFile = parse.GetValue(secretFile)?.FullName,
                Notifications = parse.GetValue(notifications) is { } file ? Service.Notifications.NotificationSettings.LoadFile(file.FullName) : new(),
                ReportMaxBytes = parse.GetValue(reportMax),
            }, invisibility, partitionRows);
            settings = ApplyRetentionOptions(parse, settings, retention);
            using var host = await ObscuraWorkerHost.BuildAsync(settings, runtime, parse.GetValue(concurrency), cancellationToken: token).ConfigureAwait(false);
            await host.StartAsync(token).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"obscura worker running {parse.GetValue(concurrency)} jobs at once from {Service.Store.ServiceStores.Describe(settings.Store)} (process {Environment.ProcessId}); SIGTERM stops it").ConfigureAwait(false);
            await host.WaitForShutdownAsync(token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>--report-max-bytes, shared by serve and worker (whichever process ends an operation stores its reports).</summary>
    public static Option<long> ReportMaxBytesOption() =>
        new("--report-max-bytes") { Description = "The largest report file kept in the store (default 67108864); a larger one is listed with where it stays on disk.", DefaultValueFactory = _ => new ServiceSettings().ReportMaxBytes };

    /// <summary>--report-retention-days and --notification-retention-days, shared by serve and worker (each process sweeps the store).</summary>
    public static (Option<int> Reports, Option<int> Notifications) RetentionOptions() =>
    (
        new Option<int>("--report-retention-days") { Description = "Days an ended operation's report files stay in the store (default 90; 0 keeps them forever).", DefaultValueFactory = _ => 90 },
        new Option<int>("--notification-retention-days") { Description = "Days sent or failed notification outbox rows stay in the store (default 30; 0 keeps them forever).", DefaultValueFactory = _ => 30 }
    );

    /// <summary>Applies the retention options to <paramref name="settings"/>.</summary>
    public static ServiceSettings ApplyRetentionOptions(ParseResult parse, ServiceSettings settings, (Option<int> Reports, Option<int> Notifications) retention) => settings with
    {
        ReportRetention = TimeSpan.FromDays(parse.GetValue(retention.Reports)),
        NotificationRetention = TimeSpan.FromDays(parse.GetValue(retention.Notifications)),
    };

    /// <summary>--invisibility-timeout and --partition-rows, shared by serve and worker.</summary>
    public static (Option<int> Invisibility, Option<long?> PartitionRows) JobOptions() =>
    (
        new Option<int>("--invisibility-timeout") { Description = "Seconds before a dead worker's job goes to another worker (1-60, default 45).", DefaultValueFactory = _ => 45 },
        new Option<long?>("--partition-rows") { Description = "Copies split tables of at least this many rows into key ranges of about this size (default 250000 with a postgres:// store; the embedded store does not split unless given)." }
    );

    public static ServiceSettings ApplyJobOptions(ParseResult parse, ServiceSettings settings, Option<int> invisibility, Option<long?> partitionRows) => settings with
    {
        InvisibilityTimeout = TimeSpan.FromSeconds(parse.GetValue(invisibility)),
        PartitionRows = parse.GetValue(partitionRows),
    };
}
