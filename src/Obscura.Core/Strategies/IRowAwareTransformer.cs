namespace Obscura.Core.Strategies;

/// <summary>
/// A transformer that also reads other columns of the row. The engine fills a <see cref="RowContext"/> with the
/// canonical originals of <see cref="ReadsColumns"/> before calling, and transforms those columns first when they are
/// transformed themselves (so <see cref="RowContext.Current"/> holds their new values).
/// </summary>
public interface IRowAwareTransformer : IColumnTransformer
{
    /// <summary>Names of the other columns this transformer reads.</summary>
    IReadOnlyList<string> ReadsColumns { get; }

    /// <summary>Transforms one value, reading the rest of the row from <paramref name="row"/>.</summary>
    object? Transform(object? value, RowContext row);
}
