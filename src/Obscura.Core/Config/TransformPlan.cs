using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Config;

/// <summary>
/// The config bound to a catalog: per table, the validated column transforms, including transforms
/// propagated along foreign keys from transformed key columns. Produced by <see cref="TransformPlanner"/>.
/// </summary>
public sealed class TransformPlan
{
    private readonly Dictionary<TableName, IReadOnlyList<ColumnTransform>> _tables;

    /// <summary>Creates a plan.</summary>
    public TransformPlan(Dictionary<TableName, IReadOnlyList<ColumnTransform>> tables, IReadOnlyList<Diagnostic> diagnostics)
    {
        _tables = tables;
        Diagnostics = diagnostics;
    }

    /// <summary>Transforms by table (tables without transforms are absent).</summary>
    public IReadOnlyDictionary<TableName, IReadOnlyList<ColumnTransform>> Tables => _tables;

    /// <summary>Every problem and warning found while binding.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The transforms of one table (empty when none).</summary>
    public IReadOnlyList<ColumnTransform> For(TableName table) => _tables.TryGetValue(table, out var t) ? t : [];
}
