using System.Text.RegularExpressions;

namespace Obscura.Engine.Audit.Internal;

/// <summary>Guards for the few string fields events carry: names from a closed vocabulary, and bounded lengths.</summary>
internal static partial class AuditText
{
    /// <summary>A lower-case identifier (command, method, kind): anything else is a programming error, not data.</summary>
    public static string Identifier(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IdentifierPattern().IsMatch(value))
            throw new ArgumentException($"audit field '{field}' must be a lower-case identifier (a-z, 0-9, _ and -, at most 40 characters)", field);
        return value;
    }

    /// <summary>Metadata text (names, paths) with a length cap, so a log line stays a line.</summary>
    public static string Bounded(string value, string field, int max = 1024)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > max) throw new ArgumentException($"audit field '{field}' is longer than {max} characters", field);
        return value;
    }

    /// <summary>A hex digest of the given length.</summary>
    public static string Hex(string value, string field, int length = 64)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != length || !HexPattern().IsMatch(value))
            throw new ArgumentException($"audit field '{field}' must be {length} lower-case hex digits", field);
        return value;
    }

    /// <summary>A hex digest of 8 to 128 digits (checksums of any algorithm).</summary>
    public static string Digest(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is < 8 or > 128 || !HexPattern().IsMatch(value))
            throw new ArgumentException($"audit field '{field}' must be a lower-case hex digest of 8 to 128 digits", field);
        return value;
    }

    /// <summary>snake_case of an enum member name.</summary>
    public static string Snake<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) chars.Append('_');
            chars.Append(char.ToLowerInvariant(name[i]));
        }
        return chars.ToString();
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,39}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex HexPattern();
}
