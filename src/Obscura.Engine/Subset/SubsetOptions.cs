using Obscura.Core.Config;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Subset;

/// <summary>One table's subset filter: a SQL predicate in the source's dialect and/or a deterministic sample.</summary>
public sealed record SubsetFilter
{
    /// <summary>The table as the user named it (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Table { get; init; }
    /// <summary>A predicate over the table's own columns, or null.</summary>
    public string? Where { get; init; }
    /// <summary>A sample of the rows (after <see cref="Where"/>), or null.</summary>
    public SubsetSample? Sample { get; init; }
    /// <summary>Where the filter came from, for messages (<c>--where</c>, <c>tables.x.where</c>).</summary>
    public string Origin { get; init; } = "--where";
    /// <summary>Line in the config file, when it came from there.</summary>
    public int? Line { get; init; }
    /// <summary>
    /// An explicit seed set: the key tuples (in the order of the table's primary key columns, values as the source's
    /// driver returns them) of the rows to keep, or null. Loaded into a scratch table of the computing session in
    /// batches of parameters (never a literal <c>IN</c> list); keys with no row in the source are dropped.
    /// </summary>
    public IReadOnlyList<object?[]>? Keys { get; init; }
    /// <summary>How the report names an explicit seed set (e.g. <c>sample of 1000 rows</c>); null: <c>keys</c>.</summary>
    public string? KeysDescription { get; init; }
}

/// <summary>What subset of the source <c>obscura copy</c> copies (docs/subset.md). Empty filters and no config filters: the whole database.</summary>
public sealed record SubsetOptions
{
    /// <summary>Filters from the command line; they replace the config's <c>where</c>/<c>sample</c> of the same table.</summary>
    public IReadOnlyList<SubsetFilter> Filters { get; init; } = [];
    /// <summary>Also keep the children of rows the upward closure added (<c>--with-children</c>).</summary>
    public bool WithChildren { get; init; }
    /// <summary>How many generations of children <see cref="WithChildren"/> follows (default 1).</summary>
    public int Depth { get; init; } = 1;
    /// <summary>Seed of the sampling hash: the same seed picks the same rows on every run.</summary>
    public long Seed { get; init; }

    /// <summary>No command-line filters.</summary>
    public static SubsetOptions None { get; } = new();

    /// <summary>Parses <c>TABLE=PREDICATE</c> (<c>--where</c>) or <c>TABLE=5%</c> (<c>--sample</c>).</summary>
    /// <exception cref="ObscuraConfigException">No <c>=</c>, an empty side, or a bad sample.</exception>
    public static SubsetFilter ParseOption(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('=', StringComparison.Ordinal);
        var table = at > 0 ? text[..at].Trim() : string.Empty;
        var value = at > 0 ? text[(at + 1)..].Trim() : string.Empty;
        var example = option == "--sample" ? "'registry.visit=5%'" : "'registry.patient=id % 10 = 0'";
        if (table.Length == 0 || value.Length == 0)
            throw Error(option, $"{option} takes TABLE=VALUE, e.g. {option} {example}");
        if (option != "--sample") return new SubsetFilter { Table = table, Where = value, Origin = option };
        if (!SubsetSample.TryParse(value, out var sample, out var problem)) throw Error(option, $"{option} {table}: {problem}");
        return new SubsetFilter { Table = table, Sample = sample, Origin = option };
    }

    private static ObscuraConfigException Error(string option, string message) =>
        new("the subset options are invalid", [new Diagnostic(Severity.Error, option, DiagnosticCodes.InvalidSubset, message)]);
}

/// <summary>The subset a copy took: per table, the rows kept and why (part of the run summary).</summary>
public sealed record SubsetSummary
{
    /// <summary>Seed of the sampling hash.</summary>
    public long Seed { get; init; }
    /// <summary>Whether children of closure rows were added, and how deep.</summary>
    public int? WithChildrenDepth { get; init; }
    /// <summary>Seconds spent computing the kept keys in the source.</summary>
    public double Seconds { get; init; }
    /// <summary>Every copied table.</summary>
    public IReadOnlyList<SubsetTableSummary> Tables { get; init; } = [];
}

/// <summary>One table of a subset: <c>whole</c> or <c>subset</c>, rows kept, and the reasons with their row counts.</summary>
public sealed record SubsetTableSummary(string Table, string Mode, long? Rows, IReadOnlyList<SubsetReason> Reasons);

/// <summary>Why rows of a table were kept: e.g. <c>filter</c>, <c>referenced by rental</c>; <see cref="Rows"/> rows for that reason (null: not counted separately).</summary>
public sealed record SubsetReason(string Reason, long? Rows);
