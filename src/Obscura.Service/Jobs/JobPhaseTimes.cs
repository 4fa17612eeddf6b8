using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;

namespace Obscura.Service.Jobs;

/// <summary>
/// How long each phase of one job took ("inspecting the source 0.21 s, loading rows 4.80 s, ..."), logged when the job
/// ends so an operator can see where a split copy spends its time. Phases arrive one at a time from the job's engine call.
/// </summary>
internal sealed class JobPhaseTimes : ICopyProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan Took)> _phases = [];
    private readonly Lock _lock = new();
    private string _current = "starting";
    private TimeSpan _since;

    /// <inheritdoc />
    public void Phase(string description)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            _phases.Add((_current, now - _since));
            _current = description;
            _since = now;
        }
    }

    /// <inheritdoc />
    public void TableStarted(TableName table, long estimatedRows) { }

    /// <inheritdoc />
    public void RowsCopied(TableName table, long rows) { }

    /// <inheritdoc />
    public void TableFinished(TableName table, long rows, TimeSpan elapsed) { }

    /// <inheritdoc />
    public void TableFailed(TableName table, string message) { }

    /// <summary>Every phase so far with its duration (the current one up to now), and the total.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            var all = _phases.Append((_current, now - _since)).Where(p => p.Item2 >= TimeSpan.FromMilliseconds(1));
            return string.Join(", ", all.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2.TotalSeconds:0.00} s")))
                + string.Create(CultureInfo.InvariantCulture, $" (total {now.TotalSeconds:0.00} s)");
        }
    }
}
