using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for integers: the sign-preserving keyed permutation of the column type's range, so the output
/// always fits and distinct inputs stay distinct (keys stay keys).
/// </summary>
internal sealed class IntegerHashTransformer(HashKeys keys, Column column) : IColumnTransformer
{
    private readonly SignPreservingPermutation _permutation =
        SignPreservingPermutation.ForInteger(keys.Permutation, column.IntegerBits is { } b and >= 2 and <= 64 ? b : 64, column.IsUnsigned);

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var x = value is long l ? l : (long)ValueCoercion.ToCanonical(value, TypeClass.Integer)!;
        return _permutation.Permute(x);
    }
}
