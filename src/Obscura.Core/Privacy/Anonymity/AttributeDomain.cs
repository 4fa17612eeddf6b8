namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// The values of one quasi-identifier as integer codes 0..<see cref="Size"/>−1, ordered so that a class's label depends
/// only on the smallest and largest code it holds: sorted values for a numeric column (label <c>lo-hi</c>), depth-first
/// leaf order for a hierarchy (label: the lowest common ancestor). Also offers the fixed levels full-domain recoding uses.
/// </summary>
public abstract class AttributeDomain
{
    /// <summary>Creates a domain for a column.</summary>
    protected AttributeDomain(string column) => Column = column;

    /// <summary>The column.</summary>
    public string Column { get; }

    /// <summary>The number of codes.</summary>
    public abstract int Size { get; }

    /// <summary>True for numeric ranges, false for hierarchy labels.</summary>
    public abstract bool IsNumeric { get; }

    /// <summary>The normalized certainty penalty of the tightest truthful label for codes <paramref name="lo"/>..<paramref name="hi"/>, in [0, 1].</summary>
    public abstract double Loss(int lo, int hi);

    /// <summary>The tightest truthful label for codes <paramref name="lo"/>..<paramref name="hi"/>.</summary>
    public abstract string Label(int lo, int hi);

    /// <summary>The codes that label covers (a hierarchy node may cover leaves the class does not hold).</summary>
    public abstract (int First, int Last) Cover(int lo, int hi);

    /// <summary>Full-domain levels, 0 (the value itself) to <see cref="Levels"/>−1 (everything).</summary>
    public abstract int Levels { get; }

    /// <summary>The codes covered by the group <paramref name="code"/> falls in at <paramref name="level"/>: contiguous, equal for a group's members.</summary>
    public abstract (int First, int Last) GroupAt(int code, int level);

    /// <summary>The label of the group <paramref name="code"/> falls in at <paramref name="level"/>.</summary>
    public abstract string LabelAt(int code, int level);

    /// <summary>The loss of that group's label.</summary>
    public abstract double LossAt(int code, int level);
}
