using Obscura.Core.Strategies;

namespace Obscura.Core.Config.Internal;

/// <summary>A column's transform while the plan is built: configured, or propagated from a referenced key.</summary>
internal sealed record PlanEntry(ColumnTransform Transform, bool IsExplicit, ColumnKey? Parent, string Path, SourceLocation Location);
