namespace Obscura.Data.MySql.Internal;

/// <summary>How a MySQL/MariaDB column stores its values: finer than <see cref="Core.Schema.TypeClass"/> where loading differs.</summary>
internal enum MySqlStorage
{
    /// <summary>char, varchar, the text types, enum, set, inet4, inet6.</summary>
    Text,
    /// <summary>tinyint (other than tinyint(1)), smallint, mediumint, int, bigint.</summary>
    Integer,
    /// <summary>bit(n) with n &gt; 1.</summary>
    Bit,
    /// <summary>year: MySqlBulkCopy cannot load it, so such tables go through batched INSERTs.</summary>
    Year,
    /// <summary>decimal / numeric.</summary>
    Decimal,
    /// <summary>float, double, real.</summary>
    Float,
    /// <summary>tinyint(1), bool, boolean.</summary>
    Boolean,
    /// <summary>bit(1).</summary>
    BitBoolean,
    /// <summary>date.</summary>
    Date,
    /// <summary>datetime and timestamp.</summary>
    DateTime,
    /// <summary>time.</summary>
    Time,
    /// <summary>MariaDB's native uuid.</summary>
    Uuid,
    /// <summary>json (MySQL's type, or MariaDB's longtext with a json_valid check).</summary>
    Json,
    /// <summary>binary, varbinary and the blob types.</summary>
    Binary,
    /// <summary>geometry and its subtypes: read and written as WKB.</summary>
    Spatial,
    /// <summary>Anything this provider does not know.</summary>
    Other,
}
