using System.Runtime.CompilerServices;

namespace Obscura.Core.Profiling;

/// <summary>
/// A one-pass, fixed-memory, exactly mergeable histogram: at most <see cref="MaxBins"/> equal-width bins on a grid anchored
/// at zero whose width is a power of two (2^e, e ≥ a minimum). A value outside the current window widens the bins
/// (doubling, merging neighbours pairwise) until every value seen fits. Because the grids are nested, the final state
/// depends only on the set of values: the smallest e for which they span fewer than <see cref="MaxBins"/> bins, and the
/// exact count per bin. Partitions merged therefore give the same histogram as one stream, bin for bin.
/// </summary>
/// <remarks>
/// Between <see cref="MaxBins"/>/2 and <see cref="MaxBins"/> bins end up occupied once values spread. Bin edges are
/// "round" numbers (multiples of a power of two). Counts are exact; NaN and infinities are not counted.
/// Integer-valued inputs (ids, days, seconds) use a minimum exponent of 0, so no bin is narrower than one unit.
/// </remarks>
public sealed class AdaptiveHistogram
{
    /// <summary>The most bins a histogram holds.</summary>
    public const int MaxBins = 64;

    private readonly long[] _counts = new long[MaxBins];
    private readonly int _minExponent;
    private int _exponent;
    private double _scale; // 2^-exponent when that is a normal double, else 0 (see Index)
    private double _start; // grid index of _counts[0]: always the lowest occupied bin
    private double _last;  // grid index of the highest occupied bin

    /// <summary>Creates an empty histogram whose bins are never narrower than 2^<paramref name="minExponent"/>.</summary>
    public AdaptiveHistogram(int minExponent)
    {
        _minExponent = minExponent;
        SetExponent(minExponent);
    }

    /// <summary>Values counted.</summary>
    public long Count { get; private set; }

    /// <summary>Bin width: 2^exponent.</summary>
    public double Width => Math.ScaleB(1.0, _exponent);

    /// <summary>Counts a value (NaN and infinities are ignored).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value)) return;
        var index = Index(value);
        if (Count > 0)
        {
            var offset = index - _start;
            if (offset >= 0 && offset < MaxBins)
            {
                _counts[(int)offset]++;
                if (index > _last) _last = index;
                Count++;
                return;
            }
            Grow(Math.Min(index, _start), Math.Max(index, _last));
            index = Index(value);
        }
        else
        {
            _start = _last = index;
        }
        _counts[(int)(index - _start)]++;
        Count++;
    }

    /// <summary>Adds every value of <paramref name="other"/> (built with the same minimum exponent).</summary>
    public void Merge(AdaptiveHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._minExponent != _minExponent) throw new ArgumentException("histograms with different minimum bin widths cannot be merged", nameof(other));
        if (other.Count == 0) return;
        if (Count == 0)
        {
            Array.Copy(other._counts, _counts, MaxBins);
            (_start, _last, Count) = (other._start, other._last, other.Count);
            SetExponent(other._exponent);
            return;
        }
        // Bring this one to at least the other's width, over the union of both ranges.
        var shift = other._exponent - _exponent;
        if (shift > 0) Rebin(shift, Math.Floor(Math.ScaleB(_start, -shift)), Math.Floor(Math.ScaleB(_last, -shift)));
        var otherShift = _exponent - other._exponent;
        var otherStart = Math.Floor(Math.ScaleB(other._start, -otherShift));
        var otherLast = Math.Floor(Math.ScaleB(other._last, -otherShift));
        Grow(Math.Min(_start, otherStart), Math.Max(_last, otherLast));
        otherShift = _exponent - other._exponent;
        for (var j = 0; j < MaxBins; j++)
        {
            if (other._counts[j] == 0) continue;
            var index = Math.Floor(Math.ScaleB(other._start + j, -otherShift));
            _counts[(int)(index - _start)] += other._counts[j];
        }
        Count += other.Count;
    }

    /// <summary>The bins from the lowest to the highest occupied one (inner bins may be empty).</summary>
    public IReadOnlyList<HistogramBin> Bins
    {
        get
        {
            if (Count == 0) return [];
            var width = Width;
            var n = (int)(_last - _start) + 1;
            var bins = new HistogramBin[n];
            for (var j = 0; j < n; j++)
            {
                var low = (_start + j) * width;
                bins[j] = new HistogramBin(low, low + width, _counts[j]);
            }
            return bins;
        }
    }

    /// <summary>The grid index of a finite value at the current width: ⌊value / 2^exponent⌋.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Index(double value) => GridIndex(value, _exponent, _scale);

    /// <summary>⌊<paramref name="value"/> · 2^-<paramref name="exponent"/>⌋, given <paramref name="scale"/> = <see cref="ScaleFor"/>(exponent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double GridIndex(double value, int exponent, double scale)
    {
        // A double times a power of two is exact while the product stays normal: the same as ScaleB without its cost per value.
        var scaled = value * scale;
        if (!double.IsNormal(scaled) && value != 0) scaled = Math.ScaleB(value, -exponent);
        return Math.Floor(scaled);
    }

    /// <summary>2^-exponent when that is a normal double, else 0 (<see cref="GridIndex"/> then falls back to ScaleB).</summary>
    internal static double ScaleFor(int exponent) => exponent is > -1000 and < 1000 ? Math.ScaleB(1.0, -exponent) : 0;

    private void SetExponent(int exponent)
    {
        _exponent = exponent;
        _scale = ScaleFor(exponent);
    }

    /// <summary>Widens the bins until grid indices [<paramref name="low"/>, <paramref name="high"/>] (at the current width) fit.</summary>
    private void Grow(double low, double high)
    {
        var shift = 0;
        while (Math.Floor(Math.ScaleB(high, -shift)) - Math.Floor(Math.ScaleB(low, -shift)) >= MaxBins) shift++;
        Rebin(shift, Math.Floor(Math.ScaleB(low, -shift)), Math.Floor(Math.ScaleB(high, -shift)));
    }

    /// <summary>Moves the counts to bins 2^<paramref name="shift"/> times wider whose window starts at grid index <paramref name="start"/>.</summary>
    private void Rebin(int shift, double start, double last)
    {
        Span<long> moved = stackalloc long[MaxBins];
        var occupied = (int)(_last - _start) + 1;
        for (var j = 0; j < occupied; j++)
        {
            if (_counts[j] == 0) continue;
            var index = Math.Floor(Math.ScaleB(_start + j, -shift));
            moved[(int)(index - start)] += _counts[j];
        }
        moved.CopyTo(_counts);
        SetExponent(_exponent + shift);
        _start = start;
        _last = last;
    }
}
