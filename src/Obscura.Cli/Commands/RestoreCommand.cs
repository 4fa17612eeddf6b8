using System.CommandLine;
using Obscura.Engine;
using Obscura.Engine.InPlace;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura restore</c>: put back the databases of a backup taken by <c>anonymize --backup</c>, and verify them.</summary>
internal static class RestoreCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var backup = new Option<DirectoryInfo>("--backup", "-b") { Description = "The backup directory (with manifest.json).", Required = true };
        var command = new Command("restore",
            "Restore every database of a backup (pg_restore, mariadb, SQLite file) and check each table's rows and checksum against the manifest. Passwords come from OBSCURA_DATABASE_PASSWORD.")
        {
            backup,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var manifest = await new BackupService(runtime).RestoreAsync(parse.GetValue(backup)!.FullName, "OBSCURA_DATABASE_PASSWORD", token).ConfigureAwait(false);
            foreach (var db in manifest.Databases)
                CommandRunner.Errors.MarkupLine($"[green]restored[/] {Markup.Escape(db.Name)}: {db.Tables.Count} tables, {db.Tables.Values.Sum(t => t.Rows):N0} rows, checksums match the backup of {manifest.CreatedAt:u}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
