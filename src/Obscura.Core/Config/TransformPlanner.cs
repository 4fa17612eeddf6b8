using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Config;

/// <summary>
/// Binds a config to a catalog: resolves tables and columns, checks strategies and parameters against the
/// column types and constraints, and propagates transforms of key columns to every referencing foreign-key
/// column (composite keys too) so joins survive. Collects every problem; never throws for user mistakes.
/// </summary>
public static class TransformPlanner
{
    /// <summary>Builds the plan; check <see cref="TransformPlan.HasErrors"/> before writing anything.</summary>
    public static TransformPlan Plan(ObscuraConfig config, Catalog catalog, StrategyRegistry registry, RunSecret? secret) =>
        throw new NotImplementedException();
}
