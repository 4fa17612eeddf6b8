using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies;

/// <summary>
/// A strategy that describes itself: name, parameters, accepted type classes, and a factory for
/// column-bound transformers. The registry drives config validation, <c>obscura strategies</c> and docs from these.
/// </summary>
public abstract class StrategyDefinition
{
    /// <summary>Config name, e.g. <c>hash</c>.</summary>
    public abstract string Name { get; }
    /// <summary>One-sentence description for users.</summary>
    public abstract string Description { get; }
    /// <summary>An example config line, e.g. <c>{ strategy: mask, keep_last: 4 }</c>.</summary>
    public abstract string Example { get; }
    /// <summary>Parameters the strategy accepts.</summary>
    public virtual IReadOnlyList<StrategyParameter> Parameters => [];
    /// <summary>Type classes whose columns this strategy can produce values for.</summary>
    public abstract IReadOnlySet<TypeClass> AcceptedTypes { get; }
    /// <summary>True when the strategy needs the run secret (<c>OBSCURA_SECRET</c> or <c>--secret-file</c>).</summary>
    public virtual bool NeedsSecret => false;

    /// <summary>Whether one use needs the run secret (e.g. <c>fpe</c> with an explicit <c>key</c> does not). Defaults to <see cref="NeedsSecret"/>.</summary>
    public virtual bool NeedsSecretFor(StrategyArguments arguments) => NeedsSecret;
    /// <summary>True when the strategy can produce NULL for a non-null input (then it is refused on NOT NULL columns).</summary>
    public virtual bool ProducesNull => false;
    /// <summary>
    /// True when distinct inputs give distinct outputs, so the strategy may transform primary keys and keys that
    /// foreign keys reference. Exact for some type classes, with negligible collision probability for others;
    /// <see cref="Validate"/> warns where a column's type weakens the guarantee.
    /// </summary>
    public virtual bool IsInjective => false;

    /// <summary>
    /// Whether distinct inputs give distinct outputs for this binding exactly (a permutation, not a hash of limited
    /// width). When false on a unique column, the engine fingerprints the outputs and resolves collisions, which needs
    /// <see cref="RetriesOnCollision"/>. Defaults to <see cref="IsInjective"/>.
    /// </summary>
    public virtual bool IsInjectiveFor(StrategyBinding binding) => IsInjective;

    /// <summary>
    /// Whether a collision on a unique column can be resolved for this binding: the transformer implements
    /// <see cref="ICollisionRetry"/>, or its outputs may be moved to a neighbouring value (<see cref="CollisionNudge"/>).
    /// A non-injective strategy that cannot retry is refused on unique columns.
    /// </summary>
    public virtual bool RetriesOnCollision(StrategyBinding binding) => false;

    /// <summary>
    /// Extra checks for a binding (argument combinations, column length, uniqueness). Report problems into
    /// <paramref name="diagnostics"/> with <paramref name="path"/>; never throw for user mistakes.
    /// </summary>
    public virtual void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics) { }

    /// <summary>Creates a transformer for the bound column. Called once per table stream; must be cheap.</summary>
    public abstract IColumnTransformer Create(StrategyBinding binding);
}
