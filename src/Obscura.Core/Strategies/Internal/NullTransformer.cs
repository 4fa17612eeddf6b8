namespace Obscura.Core.Strategies.Internal;

/// <summary>Returns NULL for everything. Stateless, so one instance serves every stream.</summary>
internal sealed class NullTransformer : IColumnTransformer
{
    /// <summary>The shared instance.</summary>
    public static readonly NullTransformer Instance = new();

    /// <inheritdoc />
    public object? Transform(object? value) => null;
}
