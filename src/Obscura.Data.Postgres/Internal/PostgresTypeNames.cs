using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>PostgreSQL type names: classification into <see cref="TypeClass"/> and normalization of declared types.</summary>
internal static class PostgresTypeNames
{
    private static readonly HashSet<string> PlainTextTypes = new(StringComparer.Ordinal)
    {
        "text", "character varying", "varchar", "character", "char", "bpchar",
    };

    /// <summary>
    /// The type class and integer width of a built-in (<c>pg_catalog</c>) type, an enum, or an extension type
    /// known by name. <paramref name="typeName"/> is <c>pg_type.typname</c> of the column's base type.
    /// </summary>
    public static (TypeClass Class, int? IntegerBits) Classify(string typeName, string typeSchema, char typeType, char typeCategory)
    {
        if (typeType == 'e') return (TypeClass.Text, null);
        if (typeCategory == 'A') return (TypeClass.Other, null);
        if (typeName == "citext") return (TypeClass.Text, null);
        if (typeSchema != "pg_catalog") return (TypeClass.Other, null);
        return typeName switch
        {
            "int2" => (TypeClass.Integer, 16),
            "int4" => (TypeClass.Integer, 32),
            "int8" => (TypeClass.Integer, 64),
            "numeric" or "money" => (TypeClass.Decimal, null),
            "float4" or "float8" => (TypeClass.Float, null),
            "bool" => (TypeClass.Boolean, null),
            "date" => (TypeClass.Date, null),
            "timestamp" => (TypeClass.DateTime, null),
            "timestamptz" => (TypeClass.DateTimeOffset, null),
            "time" => (TypeClass.Time, null),
            "uuid" => (TypeClass.Uuid, null),
            "json" or "jsonb" => (TypeClass.Json, null),
            "bytea" => (TypeClass.Binary, null),
            "text" or "varchar" or "bpchar" or "name" or "char" => (TypeClass.Text, null),
            "inet" or "cidr" or "macaddr" or "macaddr8" => (TypeClass.Text, null),
            _ => (TypeClass.Other, null),
        };
    }

    /// <summary>
    /// A declared type without modifiers, array brackets, <c>pg_catalog.</c> prefix or letter case:
    /// <c>character varying(40)</c> → <c>character varying</c>, <c>timestamp(3) with time zone</c> → <c>timestamp with time zone</c>.
    /// Quoted identifiers keep their case.
    /// </summary>
    public static string BaseName(string declared)
    {
        var sb = new StringBuilder(declared.Length);
        var depth = 0;
        var quoted = false;
        foreach (var ch in declared.Trim())
        {
            if (ch == '"') quoted = !quoted;
            if (!quoted && ch == '(') { depth++; continue; }
            if (!quoted && ch == ')') { depth--; continue; }
            if (depth > 0) continue;
            sb.Append(quoted ? ch : char.ToLowerInvariant(ch));
        }
        var name = sb.ToString();
        while (name.EndsWith("[]", StringComparison.Ordinal)) name = name[..^2];
        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (name.StartsWith("pg_catalog.", StringComparison.Ordinal)) name = name["pg_catalog.".Length..];
        return name;
    }

    /// <summary>True when the declared type is an array.</summary>
    public static bool IsArray(string declared) => declared.TrimEnd().EndsWith(']');

    /// <summary>True for the character types Npgsql returns as plain strings without a cast.</summary>
    public static bool IsPlainText(string declared) => !IsArray(declared) && PlainTextTypes.Contains(BaseName(declared));

    /// <summary>False for built-in type names (so an enum type is never created for them), true for other names.</summary>
    public static bool IsUserType(string declared) => WireType(BaseName(declared)) == PostgresType.TextCopyOnly
        && BaseName(declared) is not ("inet" or "cidr" or "macaddr" or "macaddr8" or "\"char\"" or "interval" or "xml" or "bit" or "bit varying");

    /// <summary>The binary COPY wire type of a target column, or <see cref="PostgresType.TextCopyOnly"/>.</summary>
    public static PostgresType WireType(Column column)
    {
        if (IsArray(column.DeclaredType) || column.TypeClass == TypeClass.Other) return PostgresType.TextCopyOnly;
        var type = WireType(BaseName(column.DeclaredType));
        // An enum's binary format is its label as text.
        if (type == PostgresType.TextCopyOnly && column.EnumValues is not null && column.TypeClass == TypeClass.Text) return PostgresType.Text;
        return type;
    }

    private static PostgresType WireType(string baseName) => baseName switch
    {
        "smallint" or "int2" => PostgresType.Smallint,
        "integer" or "int" or "int4" => PostgresType.Integer,
        "bigint" or "int8" => PostgresType.Bigint,
        "numeric" or "decimal" => PostgresType.Numeric,
        "money" => PostgresType.Money,
        "real" or "float4" => PostgresType.Real,
        "double precision" or "float8" or "float" => PostgresType.Double,
        "boolean" or "bool" => PostgresType.Boolean,
        "date" => PostgresType.Date,
        "timestamp" or "timestamp without time zone" => PostgresType.Timestamp,
        "timestamptz" or "timestamp with time zone" => PostgresType.TimestampTz,
        "time" or "time without time zone" => PostgresType.Time,
        "uuid" => PostgresType.Uuid,
        "json" => PostgresType.Json,
        "jsonb" => PostgresType.Jsonb,
        "bytea" => PostgresType.Bytea,
        "text" or "character varying" or "varchar" or "character" or "char" or "bpchar" or "name" or "citext" or "public.citext" => PostgresType.Text,
        _ => PostgresType.TextCopyOnly,
    };
}
