namespace Obscura.Core.Strategies.Internal;

/// <summary>Returns one precomputed canonical value for every non-null input (and for NULL unless NULL is kept).</summary>
internal sealed class ConstantTransformer(object? constant, bool keepNull) : IColumnTransformer
{
    /// <inheritdoc />
    public object? Transform(object? value) => keepNull && (value is null || value is DBNull) ? value : constant;
}
