using Obscura.Core.Schema;

namespace Obscura.Core.Tests.Support;

/// <summary>Shorthands for schema records in tests.</summary>
internal static class Columns
{
    public static Column Text(string name, int? maxLength = null, bool nullable = true) =>
        new() { Name = name, DeclaredType = maxLength is null ? "text" : $"varchar({maxLength})", TypeClass = TypeClass.Text, MaxLength = maxLength, IsNullable = nullable };

    public static Column Integer(string name, int? bits = 64, bool unsigned = false, bool nullable = true) =>
        new() { Name = name, DeclaredType = $"int{bits}", TypeClass = TypeClass.Integer, IntegerBits = bits, IsUnsigned = unsigned, IsNullable = nullable };

    public static Column Decimal(string name, int? precision, int? scale, bool nullable = true) =>
        new() { Name = name, DeclaredType = $"numeric({precision},{scale})", TypeClass = TypeClass.Decimal, Precision = precision, Scale = scale, IsNullable = nullable };

    public static Column Of(string name, TypeClass type, bool nullable = true) =>
        new() { Name = name, DeclaredType = type.ToString(), TypeClass = type, IsNullable = nullable };
}
