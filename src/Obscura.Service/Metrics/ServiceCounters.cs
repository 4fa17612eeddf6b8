using System.Diagnostics.Metrics;

namespace Obscura.Service.Metrics;

/// <summary>
/// Counters fed from deep inside a run (progress callbacks), where no service container reaches: one static meter, as
/// .NET libraries do; <see cref="ServiceMetrics"/> adds the instruments that read the store.
/// </summary>
internal static class ServiceCounters
{
    private static readonly Meter Meter = new(ServiceMetrics.MeterName);

    /// <summary>Rows written by operations of this process (copy and dump), counted as the engine reports them.</summary>
    public static readonly Counter<long> RowsCopied = Meter.CreateCounter<long>("obscura.rows.copied", "{row}", "Rows written by operations run in this process");
}
