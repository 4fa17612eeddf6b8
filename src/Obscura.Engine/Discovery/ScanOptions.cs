namespace Obscura.Engine.Discovery;

/// <summary>What <see cref="ScanService"/> looks at.</summary>
public sealed record ScanOptions
{
    /// <summary>The default number of rows sampled per table.</summary>
    public const int DefaultSampleSize = 1000;

    /// <summary>Rows sampled per table, spread over the table (every row when the table is smaller). At least 1.</summary>
    public int SampleSize { get; init; } = DefaultSampleSize;

    /// <summary>Only these tables (<c>schema.table</c> or <c>table</c>); null or empty: every table.</summary>
    public IReadOnlyList<string>? Tables { get; init; }

    /// <summary>
    /// False: no row is read; columns are classified by their names, types and comments only (for sources whose values the
    /// caller may not read). Default true.
    /// </summary>
    public bool SampleValues { get; init; } = true;

    /// <summary>Tables sampled at once (each on its own connection).</summary>
    public int Parallelism { get; init; } = 4;
}
