namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// Which parent row a child row references through one foreign key, as a pure function of the child's row number
/// (-1: NULL). Instances may keep a cursor for rows asked in order, so each generator creates its own.
/// </summary>
internal abstract class ParentChoice
{
    /// <summary>The referenced row, or -1 for a NULL reference.</summary>
    public abstract long ParentOf(long row);
}

/// <summary>Children spread uniformly at random over the parents.</summary>
internal sealed class UniformParents(long parents, ulong key) : ParentChoice
{
    public override long ParentOf(long row) => Draw.Below(Draw.At(key, row), parents);
}

/// <summary>Each parent at most once (the foreign key is unique): a keyed permutation of the parents.</summary>
internal sealed class OneToOneParents(long parents, ulong key) : ParentChoice
{
    private readonly AffinePermutation _permutation = new(key, (ulong)parents);
    public override long ParentOf(long row) => (long)_permutation.Apply((ulong)row);
}

/// <summary>
/// One foreign key of a unique key made of several foreign keys (a junction table): the row's number is permuted over
/// every combination of parents and this key takes its own digit, so no combination repeats.
/// </summary>
internal sealed class CombinationParents(ulong[] radices, int position, ulong key) : ParentChoice
{
    private readonly AffinePermutation _permutation = new(key, Product(radices));

    public static ulong Product(ulong[] radices)
    {
        var n = 1UL;
        foreach (var r in radices)
        {
            if (r != 0 && n > (1UL << 62) / r) return 1UL << 62;
            n *= r;
        }
        return n;
    }

    public override long ParentOf(long row)
    {
        var x = _permutation.Apply((ulong)row);
        for (var i = 0; i < position; i++) x /= radices[i];
        return (long)(x % radices[position]);
    }
}

/// <summary>
/// A self-reference as a tree of bounded depth: rows below <c>branching</c> are roots (NULL, or themselves when the key
/// is NOT NULL), row r's parent is r / branching, so every parent comes before its children and depth stays small.
/// A unique self-reference is a chain instead (row r → r − 1).
/// </summary>
internal sealed class TreeParents(long branching, bool nullableRoots, bool chain) : ParentChoice
{
    public override long ParentOf(long row)
    {
        if (chain) return row == 0 ? (nullableRoots ? -1 : 0) : row - 1;
        if (row < branching) return nullableRoots ? -1 : row;
        return row / branching;
    }

    /// <summary>The branching factor that keeps <paramref name="rows"/> within about <paramref name="depth"/> levels.</summary>
    public static long Branching(long rows, int depth) => Math.Max(2, (long)Math.Ceiling(Math.Pow(Math.Max(rows, 1), 1.0 / depth)));
}

/// <summary>NULL in a share of rows, the inner choice otherwise.</summary>
internal sealed class NullableParents(ParentChoice inner, double ratio, ulong key) : ParentChoice
{
    public override long ParentOf(long row) => Draw.Unit(Draw.At(key, row)) < ratio ? -1 : inner.ParentOf(row);
}
