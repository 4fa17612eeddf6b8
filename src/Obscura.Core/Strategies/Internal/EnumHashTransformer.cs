using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary><c>hash</c> for enum columns: a keyed choice among the column's allowed values.</summary>
internal sealed class EnumHashTransformer(HashKeys keys, IReadOnlyList<string> values) : IColumnTransformer
{
    private readonly SipHash _first = keys.First;
    private readonly string[] _values = [.. values];
    private byte[] _buffer = new byte[128];

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (text.Length * 3 > _buffer.Length) _buffer = new byte[text.Length * 3];
        var count = Encoding.UTF8.GetBytes(text, _buffer);
        return _values[(int)(_first.Compute(_buffer.AsSpan(0, count)) % (ulong)_values.Length)];
    }
}
