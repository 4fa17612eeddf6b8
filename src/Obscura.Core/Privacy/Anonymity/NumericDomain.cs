using System.Globalization;

namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// A numeric quasi-identifier: codes are the distinct values in ascending order; a class's label is the range
/// <c>lo-hi</c> of the values it holds (the value alone when they are equal), its loss (hi − lo) / (max − min).
/// Full-domain levels group values into intervals of width 2, 4, 8, … units from the smallest value (a unit is 1 for
/// whole numbers, 1/1024 of the range otherwise) until one interval holds everything; an interval's label is the range
/// of the values in it, so labels stay truthful and tight.
/// </summary>
public sealed class NumericDomain : AttributeDomain
{
    private readonly double[] _values;
    private readonly string[] _texts;
    private readonly double _range;
    // Per level ≥ 1: per code, the first and last code of its interval.
    private readonly int[][] _groupFirst;
    private readonly int[][] _groupLast;

    /// <summary>Creates the domain from the column's distinct values, ascending, with their text forms.</summary>
    public NumericDomain(string column, IReadOnlyList<double> values, IReadOnlyList<string> texts) : base(column)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(texts);
        _values = [.. values];
        _texts = [.. texts];
        for (var i = 1; i < _values.Length; i++)
        {
            if (!(_values[i] > _values[i - 1])) throw new ArgumentException("values must be distinct and ascending", nameof(values));
        }
        _range = _values.Length > 1 ? _values[^1] - _values[0] : 0;
        var whole = _values.All(v => v == Math.Floor(v));
        var unit = whole ? 1.0 : _range / 1024;
        var first = new List<int[]>();
        var last = new List<int[]>();
        for (var width = 2 * unit; _values.Length > 1; width *= 2)
        {
            var f = new int[_values.Length];
            var l = new int[_values.Length];
            var start = 0;
            for (var i = 1; i <= _values.Length; i++)
            {
                if (i < _values.Length && Math.Floor((_values[i] - _values[0]) / width) == Math.Floor((_values[start] - _values[0]) / width)) continue;
                for (var j = start; j < i; j++) (f[j], l[j]) = (start, i - 1);
                start = i;
            }
            first.Add(f);
            last.Add(l);
            if (f[0] == 0 && l[0] == _values.Length - 1) break;
        }
        _groupFirst = [.. first];
        _groupLast = [.. last];
    }

    /// <summary>The value of a code.</summary>
    public double Value(int code) => _values[code];

    /// <summary>The code of a value, or -1.</summary>
    public int CodeOf(double value)
    {
        var i = Array.BinarySearch(_values, value);
        return i >= 0 ? i : -1;
    }

    /// <summary>The smallest and largest value.</summary>
    public (double Min, double Max) Bounds => _values.Length == 0 ? (0, 0) : (_values[0], _values[^1]);

    /// <inheritdoc />
    public override int Size => _values.Length;

    /// <inheritdoc />
    public override bool IsNumeric => true;

    /// <inheritdoc />
    public override double Loss(int lo, int hi) => _range > 0 ? (_values[hi] - _values[lo]) / _range : 0;

    /// <inheritdoc />
    public override string Label(int lo, int hi) => lo == hi ? _texts[lo] : _texts[lo] + "-" + _texts[hi];

    /// <inheritdoc />
    public override (int First, int Last) Cover(int lo, int hi) => (lo, hi);

    /// <inheritdoc />
    public override int Levels => _groupFirst.Length + 1;

    /// <inheritdoc />
    public override (int First, int Last) GroupAt(int code, int level) => level == 0 ? (code, code) : (_groupFirst[level - 1][code], _groupLast[level - 1][code]);

    /// <inheritdoc />
    public override string LabelAt(int code, int level)
    {
        var (f, l) = GroupAt(code, level);
        return Label(f, l);
    }

    /// <inheritdoc />
    public override double LossAt(int code, int level)
    {
        var (f, l) = GroupAt(code, level);
        return Loss(f, l);
    }

    /// <summary>The invariant text of a number for labels (shortest round-trip form).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a label this domain writes: a number, or <c>lo-hi</c> (the '-' after the first character separates,
    /// so negative bounds read back). Null when the text is neither.
    /// </summary>
    public static (double Lo, double Hi)? ParseLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var single)) return (single, single);
        var dash = label.IndexOf('-', 1);
        if (dash < 0) return null;
        return double.TryParse(label.AsSpan(0, dash), NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && double.TryParse(label.AsSpan(dash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var hi) ? (lo, hi) : null;
    }
}
