using NpgsqlTypes;

namespace Obscura.Data.Postgres.Internal;

/// <summary>How a target column is fed through binary COPY: the wire type Npgsql encodes the value as.</summary>
internal enum PostgresType
{
    /// <summary>No binary encoding is known: the table is loaded through text COPY.</summary>
    TextCopyOnly,
    /// <summary>int2.</summary>
    Smallint,
    /// <summary>int4.</summary>
    Integer,
    /// <summary>int8.</summary>
    Bigint,
    /// <summary>numeric.</summary>
    Numeric,
    /// <summary>money.</summary>
    Money,
    /// <summary>float4.</summary>
    Real,
    /// <summary>float8.</summary>
    Double,
    /// <summary>bool.</summary>
    Boolean,
    /// <summary>date.</summary>
    Date,
    /// <summary>timestamp without time zone.</summary>
    Timestamp,
    /// <summary>timestamp with time zone.</summary>
    TimestampTz,
    /// <summary>time without time zone.</summary>
    Time,
    /// <summary>uuid.</summary>
    Uuid,
    /// <summary>json.</summary>
    Json,
    /// <summary>jsonb.</summary>
    Jsonb,
    /// <summary>bytea.</summary>
    Bytea,
    /// <summary>text, varchar, bpchar, name, citext and enums: all share the text binary format.</summary>
    Text,
}

/// <summary>Helpers over <see cref="PostgresType"/>.</summary>
internal static class PostgresTypeExtensions
{
    /// <summary>The Npgsql type used to encode values of the wire type.</summary>
    public static NpgsqlDbType ToNpgsqlDbType(this PostgresType type) => type switch
    {
        PostgresType.Smallint => NpgsqlDbType.Smallint,
        PostgresType.Integer => NpgsqlDbType.Integer,
        PostgresType.Bigint => NpgsqlDbType.Bigint,
        PostgresType.Numeric => NpgsqlDbType.Numeric,
        PostgresType.Money => NpgsqlDbType.Money,
        PostgresType.Real => NpgsqlDbType.Real,
        PostgresType.Double => NpgsqlDbType.Double,
        PostgresType.Boolean => NpgsqlDbType.Boolean,
        PostgresType.Date => NpgsqlDbType.Date,
        PostgresType.Timestamp => NpgsqlDbType.Timestamp,
        PostgresType.TimestampTz => NpgsqlDbType.TimestampTz,
        PostgresType.Time => NpgsqlDbType.Time,
        PostgresType.Uuid => NpgsqlDbType.Uuid,
        PostgresType.Json => NpgsqlDbType.Json,
        PostgresType.Jsonb => NpgsqlDbType.Jsonb,
        PostgresType.Bytea => NpgsqlDbType.Bytea,
        PostgresType.Text => NpgsqlDbType.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no binary encoding"),
    };
}
