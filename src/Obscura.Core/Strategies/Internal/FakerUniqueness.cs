namespace Obscura.Core.Strategies.Internal;

/// <summary>How a <see cref="FakerKind"/> keeps distinct inputs distinct on unique columns.</summary>
internal enum FakerUniqueness
{
    /// <summary>No collision-free form: duplicates are possible.</summary>
    None,
    /// <summary>A keyed 64-bit tag of the input is part of the value (collisions only as likely as in a 64-bit hash).</summary>
    Tagged,
    /// <summary>A keyed permutation of the input's own digits or characters (exactly injective for well-formed inputs).</summary>
    Permuted,
}
