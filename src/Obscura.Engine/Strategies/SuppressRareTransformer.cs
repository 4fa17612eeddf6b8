using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>Frequent value → itself, rare value → placeholder, NULL → NULL. Reads a set nobody writes after preparation.</summary>
internal sealed class SuppressRareTransformer(HashSet<object> frequent, object? placeholder) : IColumnTransformer
{
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        return frequent.Contains(value) ? value : placeholder;
    }
}
