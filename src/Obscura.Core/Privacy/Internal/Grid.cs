using System.Numerics;

namespace Obscura.Core.Privacy.Internal;

/// <summary>
/// The power-of-two grid numeric mechanisms work on. Values are rounded onto it exactly (division by a power of two is
/// exact in binary floating point), noise is an exact integer number of steps, and the answer is read back from the
/// grid: the only floating-point operations touch either the input (before privacy matters) or the finished output
/// (post-processing), never the noise.
/// </summary>
internal static class Grid
{
    /// <summary>How many grid steps fit in the smaller of the sensitivity and the noise scale: answers keep 20 bits below both.</summary>
    public const int StepsBelowScale = 20;

    /// <summary>Significant bits kept of ε: it is rounded down to 31 bits, so the ε spent is within 2^-30 of (and never above) the one asked for.</summary>
    public const int EpsilonBits = 31;

    /// <summary>The grid exponent k (step 2^k): 2^<see cref="StepsBelowScale"/> steps per min(sensitivity, scale), rounded down to a power of two.</summary>
    public static int Exponent(double sensitivity, double scale) =>
        Math.ILogB(Math.Min(sensitivity, scale)) - StepsBelowScale;

    /// <summary>⌈<paramref name="amount"/> / 2^k⌉: a real amount (a sensitivity) in whole grid steps.</summary>
    public static BigInteger StepsUp(double amount, int exponent)
    {
        var scaled = Math.ScaleB(amount, -exponent);
        return new BigInteger(Math.Ceiling(scaled));
    }

    /// <summary>
    /// ⌊value / 2^k + ½⌋, exactly. Rounding half up is a shift-invariant floor, so two inputs Δ apart land at most ⌈Δ / 2^k⌉
    /// steps apart: the sensitivity in steps is <see cref="StepsUp"/> of the real one.
    /// </summary>
    public static BigInteger Round(double value, int exponent)
    {
        var scaled = Math.ScaleB(value, -exponent);
        if (!double.IsFinite(scaled))
            throw new ArgumentOutOfRangeException(nameof(value), "The value is too large in magnitude for the mechanism's grid.");
        var floor = Math.Floor(scaled);
        var result = new BigInteger(floor);
        return scaled - floor >= 0.5 ? result + 1 : result; // scaled − floor is exact
    }

    /// <summary>A grid point as a double (the nearest one when it has more than 53 significant bits): post-processing.</summary>
    public static double ToValue(BigInteger steps, int exponent) => Math.ScaleB((double)steps, exponent);

    /// <summary>ε rounded down to the rational <c>Numerator / 2^Shift</c> with a numerator of <see cref="EpsilonBits"/> bits.</summary>
    public static (BigInteger Numerator, int Shift) EpsilonRational(double epsilon)
    {
        var shift = EpsilonBits - 1 - Math.ILogB(epsilon);
        return (new BigInteger(Math.Floor(Math.ScaleB(epsilon, shift))), shift);
    }
}
