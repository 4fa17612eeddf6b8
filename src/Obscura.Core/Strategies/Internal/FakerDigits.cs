using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Digit-string arithmetic and class-preserving keyed permutations for the faker's unique forms.</summary>
internal static class FakerDigits
{
    /// <summary>Most digits a permuted value may have (10^19 &lt; 2^64).</summary>
    public const int MaxDigits = 19;

    /// <summary>10^<paramref name="n"/> for n from 0 to 19.</summary>
    public static ulong Pow10(int n)
    {
        var p = 1UL;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }

    /// <summary>The value of a string of ASCII digits (at most 19).</summary>
    public static ulong Parse(ReadOnlySpan<char> digits)
    {
        var v = 0UL;
        foreach (var c in digits) v = v * 10 + (ulong)(c - '0');
        return v;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> digits, zero-padded on the left.</summary>
    public static void Format(ulong value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// The image of <paramref name="x"/> under the keyed permutation <paramref name="permutation"/> restricted to the
    /// class of <paramref name="x"/> (cycle walking: apply the permutation until the result is in the same class).
    /// Restricting a permutation to each class of a partition this way is a bijection of each class onto itself, so
    /// valid inputs stay valid, invalid ones stay invalid, and distinct inputs never meet.
    /// </summary>
    public static ulong Walk<TState>(KeyedPermutation permutation, ulong x, TState state, Func<ulong, TState, int> classify)
    {
        var wanted = classify(x, state);
        var y = permutation.Permute(x);
        while (classify(y, state) != wanted) y = permutation.Permute(y);
        return y;
    }
}
