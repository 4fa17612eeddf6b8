using System.CommandLine;
using Obscura.Engine.Audit;
using Obscura.Service;
using Obscura.Service.Store;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary>
/// <c>obscura users</c>: add, list, disable, enable and rotate-token for the service's users. Every change is written to
/// the service's audit log (<c>--audit-log</c>, the same default as <c>obscura serve</c>), shared with a running service.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage the service's users and API tokens (a token is printed once; the store keeps only its SHA-256).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetDisabled("disable", true, "Disable a user: their token is refused from the next request on."));
        command.Subcommands.Add(SetDisabled("enable", false, "Enable a disabled user again."));
        command.Subcommands.Add(Rotate());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "The user name." };
        var roles = new Option<string[]>("--role")
        {
            Description = $"A role (repeatable): {string.Join(", ", ServiceRoles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var store = ServeCommand.StoreOption();
        var audit = AuditOption();
        var command = new Command("add", "Add a user and print their API token (shown this once).") { name, roles, store, audit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            using var s = await OpenAsync(parse.GetValue(store)!, token).ConfigureAwait(false);
            using var log = OpenAudit(parse.GetValue(audit));
            var asked = (parse.GetValue(roles) ?? []).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var recorder = new UserCommandAudit(s, log, TimeProvider.System);
            var (user, apiToken) = await recorder.RunAsync("user_add", parse.GetValue(name)!, asked,
                () => ServiceUsers.AddAsync(s, parse.GetValue(name)!, asked, TimeProvider.System, token), token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(apiToken).ConfigureAwait(false);
            CommandRunner.Errors.MarkupLine($"added [bold]{Markup.Escape(user.Name)}[/] ({string.Join(", ", user.Roles)}); the token above is shown only now");
            return AuditOutcome(recorder);
        }, ct));
        return command;
    }

    private static Command List()
    {
        var store = ServeCommand.StoreOption();
        var command = new Command("list", "List users, their roles and whether they are disabled.") { store };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            using var s = await OpenAsync(parse.GetValue(store)!, token).ConfigureAwait(false);
            foreach (var u in await s.ListUsersAsync(token).ConfigureAwait(false))
                await Console.Out.WriteLineAsync($"{u.Name}\t{string.Join(',', u.Roles)}\t{(u.Disabled ? "disabled" : "enabled")}\t{u.CreatedAt:O}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command SetDisabled(string verb, bool disabled, string description)
    {
        var name = new Argument<string>("NAME") { Description = "The user name." };
        var store = ServeCommand.StoreOption();
        var audit = AuditOption();
        var command = new Command(verb, description) { name, store, audit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            using var s = await OpenAsync(parse.GetValue(store)!, token).ConfigureAwait(false);
            using var log = OpenAudit(parse.GetValue(audit));
            var recorder = new UserCommandAudit(s, log, TimeProvider.System);
            await recorder.RunAsync("user_" + verb, parse.GetValue(name)!, null, async () =>
            {
                await ServiceUsers.SetDisabledAsync(s, parse.GetValue(name)!, disabled, token).ConfigureAwait(false);
                return true;
            }, token).ConfigureAwait(false);
            CommandRunner.Errors.MarkupLine($"{Markup.Escape(parse.GetValue(name)!)} {(disabled ? "disabled" : "enabled")}");
            return AuditOutcome(recorder);
        }, ct));
        return command;
    }

    private static Command Rotate()
    {
        var name = new Argument<string>("NAME") { Description = "The user name." };
        var store = ServeCommand.StoreOption();
        var audit = AuditOption();
        var command = new Command("rotate-token", "Give a user a new API token (printed once); the old one stops working at once.") { name, store, audit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            using var s = await OpenAsync(parse.GetValue(store)!, token).ConfigureAwait(false);
            using var log = OpenAudit(parse.GetValue(audit));
            var recorder = new UserCommandAudit(s, log, TimeProvider.System);
            var apiToken = await recorder.RunAsync("user_rotate_token", parse.GetValue(name)!, null,
                () => ServiceUsers.RotateTokenAsync(s, parse.GetValue(name)!, token), token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(apiToken).ConfigureAwait(false);
            return AuditOutcome(recorder);
        }, ct));
        return command;
    }

    /// <summary>The change is made (and a token printed) even when its audit line failed; the exit code and a warning say so.</summary>
    private static int AuditOutcome(UserCommandAudit recorder)
    {
        if (recorder.AuditFailure is null) return ExitCodes.Ok;
        CommandRunner.Errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(recorder.AuditFailure)}");
        return ExitCodes.ValidationFailed;
    }

    private static Option<FileInfo?> AuditOption() =>
        new("--audit-log") { Description = $"The service's hash-chained audit log to record the change in (default {AuditLog.DefaultFileName}, as obscura serve)." };

    /// <summary>Shared with a running service: each append waits briefly for the file's writer lock.</summary>
    private static AuditLog OpenAudit(FileInfo? file) => AuditLog.OpenShared(file?.FullName ?? AuditLog.DefaultFileName, AuditKey.FromEnvironment());

    private static async Task<IServiceStore> OpenAsync(string spec, CancellationToken ct)
    {
        var store = ServiceStores.Open(spec);
        await store.MigrateAsync(ct).ConfigureAwait(false);
        return store;
    }
}
