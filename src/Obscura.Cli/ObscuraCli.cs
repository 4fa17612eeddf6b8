using System.CommandLine;
using Obscura.Cli.Commands;
using Obscura.Engine;

namespace Obscura.Cli;

/// <summary>The <c>obscura</c> command line: a thin host over the Engine services.</summary>
public static class ObscuraCli
{
    /// <summary>Builds the command tree for a runtime (tests pass their own).</summary>
    public static RootCommand BuildRoot(ObscuraRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        CommandRunner.DescribeDatabaseError = runtime.Providers.DescribeError;
        var root = new RootCommand("Obscura: make production data safe to use outside production (discover, anonymize, copy, prove).");
        root.Subcommands.Add(DemoCommand.Create(runtime));
        root.Subcommands.Add(InspectCommand.Create(runtime));
        root.Subcommands.Add(ScanCommand.Create(runtime));
        root.Subcommands.Add(CopyCommand.Create(runtime));
        root.Subcommands.Add(DumpCommand.Create(runtime));
        root.Subcommands.Add(GenerateCommand.Create(runtime));
        root.Subcommands.Add(SampleCommand.Create(runtime));
        root.Subcommands.Add(ReleaseCommand.Create(runtime));
        root.Subcommands.Add(AnonymizeCommand.Create(runtime));
        root.Subcommands.Add(RestoreCommand.Create(runtime));
        root.Subcommands.Add(StrategiesCommand.Create(runtime));
        root.Subcommands.Add(TransformCommand.Create(runtime));
        root.Subcommands.Add(DetokenizeCommand.Create(runtime));
        root.Subcommands.Add(ProfileCommand.Create(runtime));
        root.Subcommands.Add(ValidateCommand.Create(runtime));
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create(runtime));
        root.Subcommands.Add(ServeCommand.Create(runtime));
        root.Subcommands.Add(WorkerCommand.Create(runtime));
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(QueryCommand.Create(runtime));
        root.Subcommands.Add(SvtCommand.Create(runtime));
        root.Subcommands.Add(PolicyCommand.Create(runtime));
        root.Subcommands.Add(BudgetCommand.Create(runtime));
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot(ObscuraRuntime.CreateDefault());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Run 'obscura --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        // Ctrl-C cancels the token; give the run time to drop the tables it created before the process ends.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) }).ConfigureAwait(false);
    }
}
