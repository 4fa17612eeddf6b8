using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Obscura.Engine;
using Obscura.Service;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura serve</c>: the REST API with its embedded store and in-process workers.</summary>
internal static class ServeCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var store = StoreOption();
        var workers = new Option<int>("--workers") { Description = "Operations run at once by this process (default 1).", DefaultValueFactory = _ => 1 };
        var audit = new Option<FileInfo?>("--audit-log") { Description = "The hash-chained audit log to append to (default obscura-audit.jsonl)." };
        var data = new Option<DirectoryInfo?>("--data-dir") { Description = "Where run reports and dump outputs go (default obscura-service-data)." };
        var secretFile = CliOptions.SecretFile();
        var notifications = new Option<FileInfo?>("--notifications") { Description = "JSON file of approver notifications: webhooks, SMTP, recipients by role (docs/service.md)." };
        var keyFile = new Option<FileInfo?>("--master-key-file") { Description = "File with the base64 master key that encrypts data-source passwords (default: OBSCURA_MASTER_KEY)." };
        var access = new Option<FileInfo?>("--access") { Description = "JSON file: OIDC/JWT validation, IP allowlist, trusted proxies, rate limits, preview grants (docs/service.md#access)." };
        var policy = new Option<FileInfo?>("--policy") { Description = "The privacy policy (privacy.yaml) behind POST /api/query and GET /api/budget." };
        var (invisibility, partitionRows) = WorkerCommand.JobOptions();
        var reportMax = WorkerCommand.ReportMaxBytesOption();
        var retention = WorkerCommand.RetentionOptions();
        var command = new Command("serve", "Run the Obscura service: REST API (OpenAPI at /openapi/v1.json), approvals, scheduling, workers, live progress and the web dashboard at /dashboard (docs/service.md, docs/dashboard.md).")
        {
            urls, store, workers, audit, data, keyFile, secretFile, notifications, access, policy, invisibility, partitionRows, reportMax, retention.Reports, retention.Notifications,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var count = parse.GetValue(workers);
            // With a shared store, job workers may all be separate `obscura worker` processes.
            if (count < (Service.Store.ServiceStores.IsPostgres(parse.GetValue(store)!) ? 0 : 1))
                throw new Core.Diagnostics.ObscuraConfigException("--workers must be at least 1 (0 only with a postgres:// store and obscura worker processes)");
            var settings = WorkerCommand.ApplyJobOptions(parse, new ServiceSettings
            {
                Store = parse.GetValue(store)!,
                Workers = count,
                AuditPath = parse.GetValue(audit)?.FullName ?? Engine.Audit.AuditLog.DefaultFileName,
                DataDirectory = parse.GetValue(data)?.FullName ?? "obscura-service-data",
                MasterKeyFile = parse.GetValue(keyFile)?.FullName,
                SecretFile = parse.GetValue(secretFile)?.FullName,
                Notifications = parse.GetValue(notifications) is { } file ? Service.Notifications.NotificationSettings.LoadFile(file.FullName) : new(),
                PolicyPath = parse.GetValue(policy)?.FullName,
                ReportMaxBytes = parse.GetValue(reportMax),
            }, invisibility, partitionRows);
            settings = WorkerCommand.ApplyRetentionOptions(parse, settings, retention);
            if (parse.GetValue(access) is { } accessFile) settings = Service.Access.AccessSettingsFile.Apply(settings, accessFile.FullName);
            await using var app = await ObscuraServiceHost.BuildAsync(settings, runtime, cancellationToken: token).ConfigureAwait(false);
            app.Urls.Add(parse.GetValue(urls)!);
            await app.StartAsync(token).ConfigureAwait(false);
            // The addresses bound (port 0 in --urls becomes the port the system chose).
            await Console.Error.WriteLineAsync($"obscura service listening on {string.Join(", ", app.Urls)} (store {Service.Store.ServiceStores.Describe(settings.Store)}); Ctrl-C stops it").ConfigureAwait(false);
            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>--store sqlite:PATH.</summary>
    public static Option<string> StoreOption() => new("--store")
    {
        Description = "Where the service keeps its state: sqlite:PATH (default sqlite:obscura-service.db) or postgres://user@host/database (shared with obscura worker processes).",
        DefaultValueFactory = _ => "sqlite:obscura-service.db",
    };
}
