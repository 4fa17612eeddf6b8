namespace Obscura.Core.Config;

/// <summary>A place in a config file, for diagnostics.</summary>
public readonly record struct SourceLocation(string Path, int Line, int Column);

/// <summary>A scalar as written in YAML (text plus where), converted to a typed value against a <see cref="Strategies.StrategyParameter"/>.</summary>
public sealed record ConfigScalar(string Text, SourceLocation Location)
{
    /// <summary>True when the scalar was quoted in YAML (so <c>"null"</c> is the string, not null).</summary>
    public bool Quoted { get; init; }
}

/// <summary>A strategy plug-in assembly named in <c>plugins:</c>.</summary>
public sealed record PluginReference(string Path, SourceLocation Location);

/// <summary>One column's rule: <c>surname: { strategy: hash }</c>.</summary>
public sealed record ColumnRule
{
    /// <summary>Column name as written.</summary>
    public required string Column { get; init; }
    /// <summary>Strategy name as written.</summary>
    public required string Strategy { get; init; }
    /// <summary>Other keys of the mapping: strategy parameters, by name.</summary>
    public IReadOnlyDictionary<string, ConfigScalar> Parameters { get; init; } = new Dictionary<string, ConfigScalar>();
    /// <summary>Where the rule is.</summary>
    public SourceLocation Location { get; init; }
    /// <summary>Where the strategy name is.</summary>
    public SourceLocation StrategyLocation { get; init; }
}

/// <summary>One table's section: <c>registry.patient: { columns: ... }</c>.</summary>
public sealed record TableRule
{
    /// <summary>The table key as written (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Key { get; init; }
    /// <summary>Column rules in file order.</summary>
    public IReadOnlyList<ColumnRule> Columns { get; init; } = [];
    /// <summary>
    /// <c>where:</c> a SQL predicate in the source's dialect that restricts the table's rows in a subset copy
    /// (see docs/subset.md), or null.
    /// </summary>
    public ConfigScalar? Where { get; init; }
    /// <summary><c>sample:</c> a deterministic sample of the table's rows (<c>5%</c> or a row count), or null.</summary>
    public SubsetSample? Sample { get; init; }
    /// <summary>Where <c>sample:</c> is in the file.</summary>
    public SourceLocation? SampleLocation { get; init; }
    /// <summary>Where the table key is.</summary>
    public SourceLocation Location { get; init; }
}

/// <summary>The parsed <c>obscura.yaml</c>. Unknown keys are reported by the loader, not silently ignored.</summary>
public sealed record ObscuraConfig
{
    /// <summary>Table sections in file order.</summary>
    public IReadOnlyList<TableRule> Tables { get; init; } = [];
    /// <summary>Strategy plug-in assemblies to load (absolute paths), in file order.</summary>
    public IReadOnlyList<PluginReference> Plugins { get; init; } = [];
    /// <summary>Logical foreign keys from <c>relations:</c>, in file order.</summary>
    public IReadOnlyList<RelationRule> Relations { get; init; } = [];
    /// <summary>Risk rules of <c>obscura sample</c> per table (<c>sample: { risk: ... }</c>), in file order.</summary>
    public IReadOnlyList<SampleRiskRule> SampleRisk { get; init; } = [];
    /// <summary>The file it came from, for messages.</summary>
    public string? FilePath { get; init; }

    /// <summary>A config that transforms nothing (plain copy).</summary>
    public static ObscuraConfig Empty { get; } = new();
}
