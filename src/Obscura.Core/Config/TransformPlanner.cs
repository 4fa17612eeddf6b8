using Obscura.Core.Config.Internal;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Config;

/// <summary>
/// Binds a config to a catalog: resolves tables and columns, checks strategies and parameters against the
/// column types and constraints, and propagates transforms of key columns to every referencing foreign-key
/// column (composite keys too) so joins survive. Collects every problem; never throws for user mistakes.
/// </summary>
/// <remarks>
/// Propagation: for every foreign key (column by column) whose referenced column is transformed, the referencing
/// column gets the same definition and the very same <see cref="StrategyBinding"/> (so equal keys stay equal), with
/// <see cref="ColumnTransform.PropagatedFrom"/> naming the referenced column; repeated to a fixpoint, so chains
/// and self-references follow. Diagnostic codes are listed in <see cref="Diagnostics.DiagnosticCodes"/>.
/// </remarks>
public static class TransformPlanner
{
    /// <summary>Builds the plan; check <see cref="TransformPlan.HasErrors"/> before writing anything.</summary>
    public static TransformPlan Plan(ObscuraConfig config, Catalog catalog, StrategyRegistry registry, RunSecret? secret)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(registry);
        return new PlanBuilder(config, catalog, registry, secret).Build();
    }
}
