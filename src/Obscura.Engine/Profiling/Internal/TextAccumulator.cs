using System.Buffers.Binary;
using System.Data.Common;
using System.Text;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// Text, JSON and anything carried as text: distinct, min/max, length, top values and top shapes. Works on UTF-8: the
/// bytes PostgreSQL sends are profiled as they arrive (strings from other drivers are encoded into a reused buffer), so
/// no string is built per value — only for a new min/max or a value the top-k summary starts tracking. Min and max are
/// by code point (UTF-8 byte order); lengths count UTF-16 code units, as .NET strings do.
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
    private byte[] _utf8 = new byte[256];
    private byte[]? _min;
    private byte[]? _max;
    private ulong _minPrefix;
    private ulong _maxPrefix;
    private long _values;
    private long _lengthSum;
    private int _minLength = int.MaxValue;
    private int _maxLength;
    private readonly long[] _lengthBins = new long[LengthBins.Count];

    public TextAccumulator(Column column, bool unique) : base(column, unique) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(string);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => AddString(reader.GetString(ordinal));

    protected override void AddCanonical(object value) => AddString((string)value);

    public override bool BindRaw(Data.IRawFieldReader raw, int ordinal) => raw.IsUtf8Text(ordinal);

    public override void ReadRaw(ReadOnlySpan<byte> bytes) => Add(bytes, null);

    private void AddString(string value)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (needed > _utf8.Length) _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        var count = Encoding.UTF8.GetBytes(value, _utf8);
        Add(_utf8.AsSpan(0, count), value);
    }

    /// <summary>Adds one value as UTF-8; <paramref name="owned"/> is the same text as a string when the caller has one.</summary>
    private void Add(ReadOnlySpan<byte> value, string? owned)
    {
        _values++;
        var hash = ProfileHash.Of(value);
        if (!Unique)
        {
            _distinct.Add(hash);
            if (_top.TryIncrement(hash, out var slot))
            {
                if (!_top.HasValue(slot)) _top.SetValue(slot, owned ??= Encoding.UTF8.GetString(value));
            }
            else if (_top.InsertKeepsValue)
            {
                _top.Insert(hash, owned ??= Encoding.UTF8.GetString(value));
            }
            else
            {
                // It cannot be reported before it is seen again: the string waits for that (most never come back).
                _top.InsertWithoutValue(hash);
            }
        }
        // Min and max compare the first 8 bytes as one number first: only an equal prefix needs the full comparison.
        var prefix = Prefix(value);
        if (_min is null)
        {
            _min = _max = value.ToArray();
            _minPrefix = _maxPrefix = prefix;
        }
        else if (prefix < _minPrefix || (prefix == _minPrefix && value.SequenceCompareTo(_min) < 0))
        {
            _min = value.ToArray();
            _minPrefix = prefix;
        }
        else if (prefix > _maxPrefix || (prefix == _maxPrefix && value.SequenceCompareTo(_max) > 0))
        {
            _max = value.ToArray();
            _maxPrefix = prefix;
        }

        // ASCII (the common case) is one code unit per byte and shapes straight from the bytes; anything else is decoded.
        var length = value.Length;
        var shapeLength = ValueShape.WriteUtf8(value, _shape);
        if (shapeLength < 0)
        {
            if (value.Length > _chars.Length) _chars = new char[Math.Max(value.Length, _chars.Length * 2)];
            length = Encoding.UTF8.GetChars(value, _chars);
            shapeLength = ValueShape.Write(_chars.AsSpan(0, length), _shape);
        }
        _lengthSum += length;
        if (length < _minLength) _minLength = length;
        if (length > _maxLength) _maxLength = length;
        _lengthBins[LengthBins.Index(length)]++;

        var shape = _shape.AsSpan(0, shapeLength);
        var shapeHash = ProfileHash.Of(shape);
        if (!_shapes.TryIncrement(shapeHash)) _shapes.Insert(shapeHash, new string(shape));
    }

    /// <summary>
    /// The first 8 bytes as a big-endian number, zero-padded: when two values' prefixes differ they order as the values
    /// do (a shorter value padded with zeros is a prefix of the longer one, or differs from it at a real byte).
    /// </summary>
    internal static ulong Prefix(ReadOnlySpan<byte> value)
    {
        if (value.Length >= 8) return BinaryPrimitives.ReadUInt64BigEndian(value);
        ulong prefix = 0;
        for (var i = 0; i < value.Length; i++) prefix |= (ulong)value[i] << (56 - (8 * i));
        return prefix;
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (TextAccumulator)other;
        _values += o._values;
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
        _shapes.Merge(o._shapes);
        if (o._min is not null && (_min is null || o._min.AsSpan().SequenceCompareTo(_min) < 0)) (_min, _minPrefix) = (o._min, o._minPrefix);
        if (o._max is not null && (_max is null || o._max.AsSpan().SequenceCompareTo(_max) > 0)) (_max, _maxPrefix) = (o._max, o._maxPrefix);
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
            Min = pii ? null : Cut(Encoding.UTF8.GetString(_min!)),
            Max = pii ? null : Cut(Encoding.UTF8.GetString(_max!)),
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
