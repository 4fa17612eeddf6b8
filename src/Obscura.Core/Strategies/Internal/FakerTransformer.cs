using System.Globalization;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>faker</c> bound to one text, integer or decimal column: seeds a <see cref="FakerRandom"/> with the keyed hash
/// of the input's canonical text and lets the kind's generator pick the value. NULL stays NULL and empty text stays
/// empty. Not thread-safe (reuses one byte buffer).
/// </summary>
internal sealed class FakerTransformer : IColumnTransformer, ICollisionRetry
{
    private readonly SipHash _seed;
    private readonly FakerGenerator _generator;
    private readonly FakerTarget _target;
    private byte[] _buffer = new byte[256];

    public FakerTransformer(SipHash seed, FakerGenerator generator, FakerTarget target)
    {
        _seed = seed;
        _generator = generator;
        _target = target;
    }

    /// <inheritdoc />
    public object? Transform(object? value) => Generate(value, 0);

    /// <inheritdoc />
    public object? Retry(object? original, object? produced, int attempt, RowContext? row) => Generate(original, attempt);

    private object? Generate(object? value, int attempt)
    {
        if (value is null or DBNull) return value;
        var text = FakerText.Canonical(value);
        if (text.Length == 0 && _target.TypeClass == TypeClass.Text) return attempt == 0 ? text : null;
        var utf8 = Encode(text);
        var seed = _seed.Compute(utf8);
        var random = new FakerRandom(attempt == 0 ? seed : RetrySalt.Mix(seed, attempt));
        var output = _generator.Generate(ref random, new FakerInput(text, utf8));
        return _target.TypeClass switch
        {
            TypeClass.Integer => long.Parse(output, NumberStyles.None, CultureInfo.InvariantCulture),
            TypeClass.Decimal => decimal.Parse(output, NumberStyles.None, CultureInfo.InvariantCulture),
            _ => FakerText.Fit(output, _target.MaxLength),
        };
    }

    private ReadOnlySpan<byte> Encode(string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        var count = Encoding.UTF8.GetBytes(text, _buffer);
        return _buffer.AsSpan(0, count);
    }
}
