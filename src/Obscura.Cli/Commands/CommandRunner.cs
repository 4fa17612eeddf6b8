using Obscura.Core.Diagnostics;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary>Runs a command body and turns failures into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>The console for humans: stderr, so stdout stays clean for JSON.</summary>
    public static IAnsiConsole Errors { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>Retells a driver error without the row values its message may quote; set once by the composition root.</summary>
    public static Func<Exception, string> DescribeDatabaseError { get; set; } = ex => ex.Message;

    /// <summary>Runs <paramref name="body"/>; exceptions are reported without stack traces unless they are bugs.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Report(ex);
            return ExitCodes.For(ex);
        }
    }

    /// <summary>Prints an error the way users should see it.</summary>
    public static void Report(Exception ex)
    {
        var code = ExitCodes.For(ex);
        var message = ex switch
        {
            // Our own cancellations may say what was done by then ("cancelled during step 3 of 5: ..."); the driver's say nothing useful.
            OperationCanceledException o => o.Message.StartsWith("cancelled", StringComparison.Ordinal) ? o.Message : "cancelled",
            ObscuraException => ex.Message,
            System.Data.Common.DbException => DescribeDatabaseError(ex),
            _ when code == ExitCodes.Internal => $"internal error ({ex.GetType().Name}): {ex.Message}" + Environment.NewLine + ex.StackTrace,
            _ => ex.Message,
        };
        Errors.MarkupLine("[red]error:[/] " + Markup.Escape(message));
    }
}
