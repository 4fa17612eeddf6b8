using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>What a declared SQLite type means in engine-neutral terms.</summary>
/// <param name="TypeClass">The type class.</param>
/// <param name="MaxLength">Length of text or binary types, from <c>(n)</c>.</param>
/// <param name="Precision">Digits of decimals, or fractional-second digits of times, from the first argument.</param>
/// <param name="Scale">Scale of decimals, from the second argument.</param>
/// <param name="IntegerBits">Width suggested by an integer type's name.</param>
/// <param name="IsUnsigned">The name says UNSIGNED.</param>
internal sealed record SqliteTypeInfo(TypeClass TypeClass, int? MaxLength, int? Precision, int? Scale, int? IntegerBits, bool IsUnsigned);
