using System.CommandLine;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura keys rotate</c>: re-encrypt stored data-source passwords and dashboard keys under a new master key.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage the master key that encrypts the service's data-source passwords.");
        var newKey = new Option<FileInfo>("--new-key-file") { Description = "File with the new key (base64 of 32 bytes).", Required = true };
        var oldKey = new Option<FileInfo?>("--old-key-file") { Description = "File with the current key (default: OBSCURA_MASTER_KEY or OBSCURA_MASTER_KEY_FILE)." };
        var store = ServeCommand.StoreOption();
        var rotate = new Command("rotate", "Re-encrypt every stored password and dashboard key under the new key (stop the service first; run again to finish an interrupted rotation).") { newKey, oldKey, store };
        rotate.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var current = MasterKey.Load(parse.GetValue(oldKey)?.FullName)
                ?? throw new Core.Diagnostics.ObscuraConfigException("no current master key: set OBSCURA_MASTER_KEY or pass --old-key-file");
            var next = MasterKey.Load(parse.GetValue(newKey)!.FullName)!;
            using var s = ServiceStores.Open(parse.GetValue(store)!);
            await s.MigrateAsync(token).ConfigureAwait(false);
            var (passwords, dashboardKeys) = await MasterKeyRotation.RotateAllAsync(s, current, next, TimeProvider.System, token).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"re-encrypted {passwords} password(s) and {dashboardKeys} dashboard key(s) under key {next.KeyId}; start the service with the new key").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(rotate);
        return command;
    }
}
