using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>Original key → its new id (integer columns) or the id's text (text columns). NULL stays NULL.</summary>
internal sealed class RemapTransformer(StrategyBinding binding, Dictionary<long, long> map) : IColumnTransformer
{
    private readonly bool _text = binding.Column.TypeClass == TypeClass.Text;

    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        long original;
        if (value is long l) original = l;
        else if (value is string s && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) original = parsed;
        else if (_text) throw Unmapped();
        else original = (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!;
        if (!map.TryGetValue(original, out var mapped)) throw Unmapped();
        return _text ? mapped.ToString(CultureInfo.InvariantCulture) : mapped;
    }

    // Only possible when the source changed between preparation and reading; the value itself is never named.
    private ObscuraException Unmapped() => new(
        $"{binding.Table}.{binding.Column.Name} (or a column that follows it) holds a key that was not in the source when the mapping was prepared; run the copy again");
}
