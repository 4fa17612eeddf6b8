namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// A keyed permutation of [0, <c>size</c>): <c>(a·x + b) mod size</c> with <c>a</c> coprime to <c>size</c>. Cheap and
/// exactly injective, so unique columns and key combinations get distinct values without remembering any.
/// </summary>
internal readonly struct AffinePermutation
{
    private readonly ulong _size;
    private readonly ulong _a;
    private readonly ulong _b;

    public AffinePermutation(ulong key, ulong size)
    {
        _size = Math.Max(1, size);
        _b = Draw.Mix(key) % _size;
        var a = Draw.Mix(key ^ 0x5851F42D4C957F2DUL) % _size;
        if (a == 0) a = 1;
        while (Gcd(a, _size) != 1) a = a + 1 == _size ? 1 : a + 1;
        _a = a;
    }

    /// <summary>The image of <paramref name="x"/> (0 ≤ x &lt; size).</summary>
    public ulong Apply(ulong x) => (ulong)(((UInt128)_a * x + _b) % _size);

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
