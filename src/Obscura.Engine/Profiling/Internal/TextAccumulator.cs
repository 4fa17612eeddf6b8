using System.Data.Common;
using System.Text;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// Text, JSON and anything carried as text: distinct, min/max (ordinal), length, top values and top shapes.
/// A shape is built in a reused buffer and becomes a string only when the shape summary starts tracking it.
/// </summary>
internal sealed class TextAccumulator : ColumnAccumulator
{
    /// <summary>Longest value or bound shown in a report; longer ones are cut and end with an ellipsis.</summary>
    public const int DisplayLength = 100;

    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<string> _top = new();
    private readonly SpaceSaving<string> _shapes = new();
    private readonly char[] _shape = new char[ValueShape.MaxLength];
    private char[] _chars = new char[256];
    private string? _min;
    private string? _max;
    private long _values;
    private long _lengthSum;
    private int _minLength = int.MaxValue;
    private int _maxLength;
    private readonly long[] _lengthBins = new long[LengthBins.Count];

    public TextAccumulator(Column column) : base(column) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(string);

    protected override void ReadTyped(DbDataReader reader, int ordinal)
    {
        var value = reader.GetString(ordinal);
        Add(value, value);
    }

    protected override void AddCanonical(object value) => Add((string)value, (string)value);

    public override bool BindRaw(Data.IRawFieldReader raw, int ordinal) => raw.IsUtf8Text(ordinal);

    // UTF-8 bytes straight from the wire, decoded into a reused buffer: a string is built only for a new min/max or
    // a value the top-k summary starts tracking, not per value.
    public override void ReadRaw(ReadOnlySpan<byte> bytes)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units, so this many chars always suffice.
        if (bytes.Length > _chars.Length) _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        var count = Encoding.UTF8.GetChars(bytes, _chars);
        Add(_chars.AsSpan(0, count), null);
    }

    /// <summary>Adds one value; <paramref name="owned"/> is the same text as a string when the caller has one.</summary>
    private void Add(ReadOnlySpan<char> value, string? owned)
    {
        _values++;
        var hash = ProfileHash.Of(value);
        _distinct.Add(hash);
        if (_top.TryIncrement(hash, out var slot))
        {
            if (!_top.HasValue(slot)) _top.SetValue(slot, owned ??= new string(value));
        }
        else if (_top.InsertKeepsValue)
        {
            _top.Insert(hash, owned ??= new string(value));
        }
        else
        {
            // It cannot be reported before it is seen again: the string waits for that (most never come back).
            _top.InsertWithoutValue(hash);
        }
        if (_min is null)
        {
            _min = _max = owned ?? new string(value);
        }
        else
        {
            if (value.SequenceCompareTo(_min) < 0) _min = owned ?? new string(value);
            else if (value.SequenceCompareTo(_max) > 0) _max = owned ?? new string(value);
        }
        var length = value.Length;
        _lengthSum += length;
        if (length < _minLength) _minLength = length;
        if (length > _maxLength) _maxLength = length;
        _lengthBins[LengthBins.Index(length)]++;

        var shapeLength = ValueShape.Write(value, _shape);
        var shape = _shape.AsSpan(0, shapeLength);
        var shapeHash = ProfileHash.Of(shape);
        if (!_shapes.TryIncrement(shapeHash)) _shapes.Insert(shapeHash, new string(shape));
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (TextAccumulator)other;
        _values += o._values;
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
        _shapes.Merge(o._shapes);
        if (o._min is not null && (_min is null || string.CompareOrdinal(o._min, _min) < 0)) _min = o._min;
        if (o._max is not null && (_max is null || string.CompareOrdinal(o._max, _max) > 0)) _max = o._max;
        _lengthSum += o._lengthSum;
        _minLength = Math.Min(_minLength, o._minLength);
        _maxLength = Math.Max(_maxLength, o._maxLength);
        for (var i = 0; i < _lengthBins.Length; i++) _lengthBins[i] += o._lengthBins[i];
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld)
    {
        if (_values == 0) return profile with { Distinct = 0, DistinctExact = true };
        if (pii) withheld.AddRange(["min", "max", "top_values"]);
        // A shape without class letters is the value itself (punctuation only): never shown for personal data.
        var patterns = Reportable(_shapes, int.MaxValue, i => new PatternCount(i.Value, i.Count, i.Error))
            .Where(p => !pii || ValueShape.HidesContent(p.Shape)).Take(options.TopPatterns).ToList();
        var (top, complete) = pii ? (null, false) : TopValues(_top, options, Cut, v => v.Length <= DisplayLength);
        return profile with
        {
            Distinct = _distinct.Count,
            DistinctExact = _distinct.IsExact,
            Min = pii ? null : Cut(_min!),
            Max = pii ? null : Cut(_max!),
            Length = new LengthSummary(_minLength, OrderedAccumulator<long>.Round((double)_lengthSum / _values), _maxLength)
            {
                Bins = pii && _values < PiiMinimumValues ? null : LengthBins.Summarize(_lengthBins),
            },
            TopValues = top,
            TopValuesComplete = complete ? true : null,
            Patterns = patterns,
        };
    }

    /// <summary>The value cut to <see cref="DisplayLength"/> characters (never inside a surrogate pair).</summary>
    internal static string Cut(string value)
    {
        if (value.Length <= DisplayLength) return value;
        var end = char.IsHighSurrogate(value[DisplayLength - 1]) ? DisplayLength - 1 : DisplayLength;
        return string.Concat(value.AsSpan(0, end), "…");
    }
}
