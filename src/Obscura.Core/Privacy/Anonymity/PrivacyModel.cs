namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// A condition on the sensitive values of one equivalence class, checked on the class's counts per sensitive code.
/// Every model here is monotone under merging classes (a union of classes that hold it holds it too), which the
/// searches rely on: full-domain pruning tags generalizations of a passing node as passing.
/// </summary>
public abstract class PrivacyModel
{
    /// <summary>True when a class with these counts (one per sensitive code) and <paramref name="size"/> rows holds the model.</summary>
    public abstract bool Holds(ReadOnlySpan<int> counts, int size);

    /// <summary>How the model is written in reports, e.g. <c>distinct-2-diversity</c>.</summary>
    public abstract string Name { get; }
}
