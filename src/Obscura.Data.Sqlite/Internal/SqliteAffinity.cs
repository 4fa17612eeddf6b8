namespace Obscura.Data.Sqlite.Internal;

/// <summary>SQLite's column affinities (section 3.1 of "Datatypes In SQLite").</summary>
internal enum SqliteAffinity
{
    /// <summary>Declared type contains INT.</summary>
    Integer,
    /// <summary>Declared type contains CHAR, CLOB or TEXT.</summary>
    Text,
    /// <summary>Declared type contains BLOB, or no type was declared: values are stored as given.</summary>
    Blob,
    /// <summary>Declared type contains REAL, FLOA or DOUB.</summary>
    Real,
    /// <summary>Anything else: numeric-looking text is converted to INTEGER or REAL.</summary>
    Numeric,
}
