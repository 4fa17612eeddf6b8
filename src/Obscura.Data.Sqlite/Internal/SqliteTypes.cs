using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Declared SQLite types: affinity by SQLite's own rules, and the engine-neutral <see cref="TypeClass"/> by those rules
/// refined by the type's name (SQLite stores a DATE or a BOOLEAN with NUMERIC affinity, but the name says what it holds).
/// </summary>
internal static class SqliteTypes
{
    private static readonly string[] NonNumericNames =
    [
        "INTERVAL", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRY",
        "GEOGRAPHY", "GEOMETRYCOLLECTION",
    ];

    /// <summary>The affinity SQLite gives a column declared with <paramref name="declaredType"/>.</summary>
    public static SqliteAffinity Affinity(string? declaredType)
    {
        var t = (declaredType ?? string.Empty).ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal)) return SqliteAffinity.Integer;
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal))
            return SqliteAffinity.Text;
        if (t.Contains("BLOB", StringComparison.Ordinal) || t.Trim().Length == 0) return SqliteAffinity.Blob;
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal))
            return SqliteAffinity.Real;
        return SqliteAffinity.Numeric;
    }

    /// <summary>True when the declared type makes a single-column primary key the rowid alias (exactly INTEGER).</summary>
    public static bool IsRowIdAliasType(string? declaredType) =>
        string.Equals(declaredType?.Trim(), "INTEGER", StringComparison.OrdinalIgnoreCase);

    /// <summary>Classifies a declared type. An empty type gives <see cref="TypeClass.Other"/> (the inspector looks at the data).</summary>
    public static SqliteTypeInfo Classify(string? declaredType)
    {
        var (name, args) = Split(declaredType ?? string.Empty);
        int? first = args.Count > 0 ? args[0] : null;
        int? second = args.Count > 1 ? args[1] : null;
        if (name.Length == 0) return Of(TypeClass.Other);

        if (name.Contains("BOOL", StringComparison.Ordinal)) return Of(TypeClass.Boolean);
        if (name.Contains("UUID", StringComparison.Ordinal) || name.Contains("GUID", StringComparison.Ordinal) || name == "UNIQUEIDENTIFIER")
            return Of(TypeClass.Uuid);
        if (name.Contains("JSON", StringComparison.Ordinal)) return Of(TypeClass.Json);
        if (name.Contains("DECIMAL", StringComparison.Ordinal) || name.Contains("NUMERIC", StringComparison.Ordinal) ||
            name.Contains("MONEY", StringComparison.Ordinal) || name == "NUMBER")
        {
            return new SqliteTypeInfo(TypeClass.Decimal, null, first, second, null, false);
        }
        if (name.Contains("TIMESTAMPTZ", StringComparison.Ordinal) || name.Contains("DATETIMEOFFSET", StringComparison.Ordinal) ||
            (name.StartsWith("TIMESTAMP", StringComparison.Ordinal) && name.Contains("WITH", StringComparison.Ordinal) &&
             !name.Contains("WITHOUT", StringComparison.Ordinal)))
        {
            return new SqliteTypeInfo(TypeClass.DateTimeOffset, null, first, null, null, false);
        }
        if (name.Contains("DATETIME", StringComparison.Ordinal) || name.Contains("TIMESTAMP", StringComparison.Ordinal))
            return new SqliteTypeInfo(TypeClass.DateTime, null, first, null, null, false);
        if (name == "DATE") return Of(TypeClass.Date);
        if (name == "TIME" || name == "TIMETZ" || name.StartsWith("TIME ", StringComparison.Ordinal))
            return new SqliteTypeInfo(TypeClass.Time, null, first, null, null, false);
        foreach (var n in NonNumericNames)
        {
            if (name.StartsWith(n, StringComparison.Ordinal)) return Of(TypeClass.Other);
        }
        if (name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal) || name.Contains("DOUB", StringComparison.Ordinal))
            return Of(TypeClass.Float);
        if (name.Contains("INT", StringComparison.Ordinal))
        {
            var unsigned = name.Contains("UNSIGNED", StringComparison.Ordinal);
            return new SqliteTypeInfo(TypeClass.Integer, null, null, null, IntegerBits(name), unsigned);
        }
        if (name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) ||
            name.Contains("TEXT", StringComparison.Ordinal) || name == "STRING")
        {
            return new SqliteTypeInfo(TypeClass.Text, first, null, null, null, false);
        }
        if (name.Contains("BLOB", StringComparison.Ordinal) || name.Contains("BINARY", StringComparison.Ordinal) ||
            name == "BYTEA" || name == "IMAGE")
        {
            return new SqliteTypeInfo(TypeClass.Binary, first, null, null, null, false);
        }
        // Any other name has NUMERIC affinity but no known meaning: carried as text rather than guessed.
        return Of(TypeClass.Other);
    }

    private static int IntegerBits(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var w in words)
        {
            switch (w)
            {
                case "TINYINT" or "INT1": return 8;
                case "SMALLINT" or "INT2": return 16;
                case "MEDIUMINT" or "INT3": return 24;
                case "INT4": return 32;
            }
        }
        // SQLite stores every integer in up to 64 bits, whatever the name (INT, INTEGER, BIGINT, INT8).
        return 64;
    }

    /// <summary>Upper-case name with single spaces, and the numeric arguments in parentheses.</summary>
    internal static (string Name, List<int> Args) Split(string declaredType)
    {
        var text = declaredType.Trim();
        var args = new List<int>();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf(')', open + 1);
            var inner = close < 0 ? text[(open + 1)..] : text[(open + 1)..close];
            foreach (var part in inner.Split(','))
            {
                if (int.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) args.Add(n);
            }
            text = close < 0 ? text[..open] : text[..open] + " " + text[(close + 1)..];
        }
        var name = string.Join(' ', text.ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return (name, args);
    }

    private static SqliteTypeInfo Of(TypeClass typeClass) => new(typeClass, null, null, null, null, false);
}
