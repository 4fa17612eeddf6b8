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
