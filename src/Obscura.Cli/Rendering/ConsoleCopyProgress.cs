using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;
using Spectre.Console;

namespace Obscura.Cli.Rendering;

/// <summary>
/// Live progress per table (rows, rows/s, ETA): Spectre.Console bars on a terminal, plain log lines otherwise.
/// Thread-safe: tables report from several threads.
/// </summary>
internal sealed class ConsoleCopyProgress : ICopyProgress
{
    private readonly IAnsiConsole _console;
    private readonly ConcurrentDictionary<TableName, TableState> _tables = new();
    private ProgressContext? _context;

    private sealed class TableState(long estimate)
    {
        public long Estimate { get; } = estimate;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public long LastLogged { get; set; }
        public ProgressTask? Task { get; set; }
    }

    public ConsoleCopyProgress(IAnsiConsole console) => _console = console;

    /// <summary>True when stderr is a terminal that can redraw bars.</summary>
    public static bool IsInteractive => !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with live bars when interactive, plain lines otherwise.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        if (!IsInteractive) return await body().ConfigureAwait(false);
        T result = default!;
        await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                _context = ctx;
                result = await body().ConfigureAwait(false);
            }).ConfigureAwait(false);
        _context = null;
        return result;
    }

    public void Phase(string description)
    {
        if (_context is null) Log(description);
    }

    public void TableStarted(TableName table, long estimatedRows)
    {
        var state = new TableState(estimatedRows);
        _tables[table] = state;
        if (_context is not null)
        {
            lock (_context)
            {
                state.Task = _context.AddTask(Markup.Escape(table.ToString()), maxValue: Math.Max(1, estimatedRows));
            }
        }
        else Log($"{table}: started (about {Format(estimatedRows)} rows)");
    }

    public void RowsCopied(TableName table, long rows)
    {
        if (!_tables.TryGetValue(table, out var state)) return;
        var seconds = state.Clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? rows / seconds : 0;
        if (state.Task is { } task)
        {
            if (rows > task.MaxValue) task.MaxValue = rows;
            task.Value = rows;
            task.Description = $"{Markup.Escape(table.ToString())} {Format(rows)} rows, {Format((long)rate)}/s";
            return;
        }
        // Plain mode: a line every 5 seconds per table is enough for logs.
        if (seconds - state.LastLogged < 5) return;
        state.LastLogged = (long)seconds;
        var eta = state.Estimate > rows && rate > 0 ? $", ETA {TimeSpan.FromSeconds((state.Estimate - rows) / rate):hh\\:mm\\:ss}" : string.Empty;
        Log($"{table}: {Format(rows)} rows, {Format((long)rate)} rows/s{eta}");
    }

    public void TableFinished(TableName table, long rows, TimeSpan elapsed)
    {
        if (_tables.TryGetValue(table, out var state) && state.Task is { } task)
        {
            task.MaxValue = Math.Max(1, rows);
            task.Value = task.MaxValue;
            task.Description = $"{Markup.Escape(table.ToString())} {Format(rows)} rows";
            task.StopTask();
            return;
        }
        var rate = elapsed.TotalSeconds > 0 ? rows / elapsed.TotalSeconds : rows;
        Log($"{table}: copied {Format(rows)} rows in {elapsed.TotalSeconds:0.0} s ({Format((long)rate)} rows/s)");
    }

    public void TableFailed(TableName table, string message)
    {
        if (_tables.TryGetValue(table, out var state) && state.Task is { } task)
        {
            task.Description = $"[red]{Markup.Escape(table.ToString())} failed[/]";
            task.StopTask();
        }
        Log($"{table}: FAILED: {message}");
    }

    private void Log(string line) =>
        _console.MarkupLine($"[grey]{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}[/] {Markup.Escape(line)}");

    private static string Format(long n) => n < 0 ? "?" : n.ToString("N0", CultureInfo.InvariantCulture);
}
