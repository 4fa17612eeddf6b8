namespace Obscura.Core.Query.Internal;

/// <summary>A closed range of possible values, for deriving an expression's bounds from its columns' declared bounds.</summary>
internal readonly record struct Interval(double Lower, double Upper)
{
    public static Interval Point(double v) => new(v, v);

    public static Interval Hull(Interval a, Interval b) => new(Math.Min(a.Lower, b.Lower), Math.Max(a.Upper, b.Upper));

    public static Interval operator +(Interval a, Interval b) => new(a.Lower + b.Lower, a.Upper + b.Upper);

    public static Interval operator -(Interval a, Interval b) => new(a.Lower - b.Upper, a.Upper - b.Lower);

    public static Interval operator -(Interval a) => new(-a.Upper, -a.Lower);

    public static Interval operator *(Interval a, Interval b)
    {
        double[] p = [a.Lower * b.Lower, a.Lower * b.Upper, a.Upper * b.Lower, a.Upper * b.Upper];
        return new(p.Min(), p.Max());
    }

    /// <summary>a / b, or null when b may be 0. Widened to whole numbers, since integer division truncates.</summary>
    public static Interval? Divide(Interval a, Interval b)
    {
        if (b.Lower <= 0 && b.Upper >= 0) return null;
        double[] p = [a.Lower / b.Lower, a.Lower / b.Upper, a.Upper / b.Lower, a.Upper / b.Upper];
        return new(Math.Min(Math.Floor(p.Min()), 0 < a.Lower ? 0 : Math.Floor(p.Min())), Math.Max(Math.Ceiling(p.Max()), a.Upper < 0 ? 0 : Math.Ceiling(p.Max())));
    }

    public bool IsFinite => double.IsFinite(Lower) && double.IsFinite(Upper);

    /// <summary>max(|lower|, |upper|): the most one value can add to a sum.</summary>
    public double Magnitude => Math.Max(Math.Abs(Lower), Math.Abs(Upper));

    public override string ToString() => $"[{Format(Lower)}, {Format(Upper)}]";

    public static string Format(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15
        ? ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
