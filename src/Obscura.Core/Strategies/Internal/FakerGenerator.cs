namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Produces the fake value of one kind for one input from the input's seeded random stream. Built once per
/// transformer (so per-column preparation, such as the pool entries that fit the column, happens once); not thread-safe.
/// </summary>
internal abstract class FakerGenerator
{
    /// <summary>Creates the generator for a target column.</summary>
    protected FakerGenerator(FakerTarget target) => Target = target;

    /// <summary>What the value must fit. Numeric targets get digits only.</summary>
    protected FakerTarget Target { get; }

    /// <summary>
    /// The fake value as text: for numeric targets plain digits that the column holds; for text the generator aims at
    /// the column's length (the transformer still cuts as a last resort).
    /// </summary>
    public abstract string Generate(ref FakerRandom random, FakerInput input);
}
