namespace Obscura.Core.Strategies;

/// <summary>
/// A strategy bound to one column. Synchronous, no I/O, deterministic given the run secret.
/// Not thread-safe: the engine creates one instance per table stream (see <see cref="ColumnTransform.CreateTransformer"/>).
/// </summary>
public interface IColumnTransformer
{
    /// <summary>
    /// Transforms one value. Input and output are canonical values of the column's <see cref="Schema.TypeClass"/>
    /// (see <see cref="Schema.ValueCoercion"/>), or null for SQL NULL.
    /// </summary>
    object? Transform(object? value);
}
