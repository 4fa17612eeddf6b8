using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// A MySQL/MariaDB column type split into its base name (<c>varchar</c>), the text inside its parentheses
/// (<c>50</c>, <c>65,30</c>, <c>'a','b'</c>), whether it is unsigned, and what follows (charset, collation, ...).
/// Parses both information_schema's COLUMN_TYPE and the types this provider's dialect writes.
/// </summary>
internal readonly partial record struct MySqlType(string BaseName, string? Arguments, bool IsUnsigned, string Suffix)
{
    /// <summary>
    /// Parses a declared type; never throws (unknown shapes give an empty base name). Executable comments that the
    /// dialect writes for server-specific choices are read as MariaDB reads them.
    /// </summary>
    public static MySqlType Parse(string declaredType)
    {
        var s = declaredType.Contains("/*", StringComparison.Ordinal) ? AsMariaDbReadsIt(declaredType) : declaredType.Trim();
        var i = 0;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        var baseName = s[..i].ToLowerInvariant();
        var rest = s[i..].TrimStart();
        string? arguments = null;
        if (rest.StartsWith('('))
        {
            var close = FindClosingParenthesis(rest);
            arguments = rest[1..close];
            rest = rest[(close + 1)..].TrimStart();
        }
        // "double precision" and "long varchar" style two-word names are not produced by information_schema.
        var unsigned = false;
        while (true)
        {
            if (StartsWithWord(rest, "unsigned")) { unsigned = true; rest = rest[8..].TrimStart(); }
            else if (StartsWithWord(rest, "signed")) rest = rest[6..].TrimStart();
            else if (StartsWithWord(rest, "zerofill")) { unsigned = true; rest = rest[8..].TrimStart(); }
            else break;
        }
        return new MySqlType(baseName, arguments, unsigned, rest);
    }

    /// <summary>The first numeric argument (length, precision, fractional seconds), or null.</summary>
    public int? FirstNumber
    {
        get
        {
            if (Arguments is null) return null;
            var comma = Arguments.IndexOf(',', StringComparison.Ordinal);
            var first = comma < 0 ? Arguments : Arguments[..comma];
            return int.TryParse(first.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
    }

    /// <summary>The storage kind of this type.</summary>
    public MySqlStorage Storage => BaseName switch
    {
        "tinyint" when FirstNumber == 1 => MySqlStorage.Boolean,
        "bool" or "boolean" => MySqlStorage.Boolean,
        "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "int1" or "int2" or "int3" or "int4" or "int8" or "middleint" => MySqlStorage.Integer,
        "bit" when (FirstNumber ?? 1) == 1 => MySqlStorage.BitBoolean,
        "bit" => MySqlStorage.Bit,
        "year" => MySqlStorage.Year,
        "decimal" or "numeric" or "dec" or "fixed" => MySqlStorage.Decimal,
        "float" or "double" or "real" or "float4" or "float8" => MySqlStorage.Float,
        "date" => MySqlStorage.Date,
        "datetime" or "timestamp" => MySqlStorage.DateTime,
        "time" => MySqlStorage.Time,
        "uuid" => MySqlStorage.Uuid,
        "json" => MySqlStorage.Json,
        "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "long" or "enum" or "set"
            or "inet4" or "inet6" or "nchar" or "nvarchar" or "character" or "national" => MySqlStorage.Text,
        "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => MySqlStorage.Binary,
        _ when IsSpatialName(BaseName) => MySqlStorage.Spatial,
        _ => MySqlStorage.Other,
    };

    /// <summary>The engine-neutral class of this type.</summary>
    public TypeClass TypeClass => Storage switch
    {
        MySqlStorage.Text => TypeClass.Text,
        MySqlStorage.Integer or MySqlStorage.Bit or MySqlStorage.Year => TypeClass.Integer,
        MySqlStorage.Decimal => TypeClass.Decimal,
        MySqlStorage.Float => TypeClass.Float,
        MySqlStorage.Boolean or MySqlStorage.BitBoolean => TypeClass.Boolean,
        MySqlStorage.Date => TypeClass.Date,
        // TIMESTAMP is an instant (stored as UTC, shown in the session's zone, which is UTC here).
        MySqlStorage.DateTime => BaseName == "timestamp" ? TypeClass.DateTimeOffset : TypeClass.DateTime,
        MySqlStorage.Time => TypeClass.Time,
        MySqlStorage.Uuid => TypeClass.Uuid,
        MySqlStorage.Json => TypeClass.Json,
        MySqlStorage.Binary => TypeClass.Binary,
        _ => TypeClass.Other,
    };

    /// <summary>Storage width in bits for integer types (year: 16; bit(n): the smallest width that holds n bits).</summary>
    public int? IntegerBits => BaseName switch
    {
        "tinyint" or "int1" => 8,
        "smallint" or "int2" or "year" => 16,
        "mediumint" or "int3" or "middleint" => 24,
        "int" or "integer" or "int4" => 32,
        "bigint" or "int8" => 64,
        "bit" => (FirstNumber ?? 1) switch { <= 8 => 8, <= 16 => 16, <= 24 => 24, <= 32 => 32, _ => 64 },
        _ => null,
    };

    /// <summary>True for the text and blob types that cannot be indexed without a prefix length.</summary>
    public bool IsLob => BaseName is "tinytext" or "text" or "mediumtext" or "longtext" or "long" or "tinyblob" or "blob" or "mediumblob" or "longblob" or "json";

    /// <summary>True for geometry and its subtypes.</summary>
    public static bool IsSpatialName(string baseName) => baseName is "geometry" or "point" or "linestring" or "polygon"
        or "multipoint" or "multilinestring" or "multipolygon" or "geometrycollection" or "geomcollection";

    /// <summary>The quoted values of an enum(...) or set(...) argument list, unescaped.</summary>
    public IReadOnlyList<string> QuotedValues()
    {
        var values = new List<string>();
        if (Arguments is null) return values;
        var sb = new StringBuilder();
        var i = 0;
        var a = Arguments;
        while (i < a.Length)
        {
            if (a[i] != '\'') { i++; continue; }
            i++;
            sb.Clear();
            while (i < a.Length)
            {
                var c = a[i];
                if (c == '\'' && i + 1 < a.Length && a[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                if (c == '\'') { i++; break; }
                if (c == '\\' && i + 1 < a.Length) { sb.Append(Unescape(a[i + 1])); i += 2; continue; }
                sb.Append(c);
                i++;
            }
            values.Add(sb.ToString());
        }
        return values;
    }

    /// <summary>Keeps the text of MariaDB-only comments (<c>/*M!nnnnnn x */</c>) and drops MySQL-only ones (<c>/*!nnnnn x */</c>).</summary>
    private static string AsMariaDbReadsIt(string declaredType)
    {
        var s = MariaDbComment().Replace(declaredType, "$1");
        return MySqlComment().Replace(s, string.Empty).Trim();
    }

    [GeneratedRegex(@"/\*M!\d*\s*(.*?)\s*\*/", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex MariaDbComment();

    [GeneratedRegex(@"/\*!\d*\s*(.*?)\s*\*/", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex MySqlComment();

    private static char Unescape(char c) => c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => c };

    private static bool StartsWithWord(string s, string word) =>
        s.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (s.Length == word.Length || !char.IsLetterOrDigit(s[word.Length]));

    private static int FindClosingParenthesis(string s)
    {
        var depth = 0;
        var inQuote = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (inQuote)
            {
                if (c == '\\') i++;
                else if (c == '\'') inQuote = false;
                continue;
            }
            if (c == '\'') inQuote = true;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        return s.Length - 1;
    }
}
