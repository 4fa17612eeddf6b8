namespace Obscura.Core.Privacy.Internal;

/// <summary>
/// The standard normal CDF to full double precision, tails included: erfc(x) = Q(½, x²), the regularised upper
/// incomplete gamma function, by its power series near zero and its continued fraction (modified Lentz) beyond.
/// </summary>
internal static class Normal
{
    private const double LogGammaHalf = 0.57236494292470008707; // ln Γ(½) = ½ ln π
    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    /// <summary>Φ(<paramref name="x"/>) = P(Z ≤ x) for a standard normal Z.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>ln Φ(<paramref name="x"/>), finite far into the lower tail where Φ itself underflows.</summary>
    public static double LogCdf(double x)
    {
        if (x > -30) return Math.Log(Cdf(x));
        // Mills ratio: Φ(x) ≈ φ(x)/|x| · (1 − 1/x² + 3/x⁴), ample at |x| ≥ 30.
        var x2 = x * x;
        return -0.5 * x2 - 0.5 * Math.Log(2 * Math.PI) - Math.Log(-x) + Math.Log(1 - 1 / x2 + 3 / (x2 * x2));
    }

    /// <summary>The z with P(Z &gt; z) = <paramref name="tail"/>, for <paramref name="tail"/> in (0, ½], by bisection on <see cref="Cdf"/>.</summary>
    public static double UpperQuantile(double tail)
    {
        double lo = 0, hi = 1;
        while (Cdf(-hi) > tail) hi *= 2;
        for (var i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(-mid) > tail) lo = mid; else hi = mid;
        }
        return hi;
    }

    /// <summary>The complementary error function.</summary>
    public static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        var a = x * x;
        if (a == 0) return 1;
        var prefactor = Math.Exp(-a + 0.5 * Math.Log(a) - LogGammaHalf);
        if (a < 1.5) return 1 - prefactor * LowerSeries(a);
        return prefactor * UpperContinuedFraction(a);
    }

    // Σ a^n / (½)(³⁄₂)…(½+n): P(½, a) = e^{−a} a^{½} / Γ(½) · this.
    private static double LowerSeries(double a)
    {
        var ap = 0.5;
        var term = 1 / ap;
        var sum = term;
        for (var n = 0; n < 500; n++)
        {
            ap += 1;
            term *= a / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
        }
        return sum;
    }

    // Continued fraction for Q(½, a) / (e^{−a} a^{½} / Γ(½)).
    private static double UpperContinuedFraction(double a)
    {
        var b = a + 0.5;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 500; i++)
        {
            var an = -i * (i - 0.5);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return h;
    }
}
