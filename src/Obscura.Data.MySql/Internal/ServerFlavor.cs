using System.Globalization;
using System.Text.RegularExpressions;

namespace Obscura.Data.MySql.Internal;

/// <summary>MariaDB or MySQL, and which version: decides the few information_schema differences.</summary>
internal readonly partial record struct ServerFlavor(bool IsMariaDb, int Major, int Minor, int Patch)
{
    /// <summary>Parses <c>SELECT VERSION()</c> output such as <c>10.11.6-MariaDB-0+deb12u1</c> or <c>8.0.36</c>.</summary>
    public static ServerFlavor Parse(string version)
    {
        var isMariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var m = VersionNumbers().Match(version);
        if (!m.Success) return new ServerFlavor(isMariaDb, 0, 0, 0);
        static int N(Group g) => int.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return new ServerFlavor(isMariaDb, N(m.Groups[1]), N(m.Groups[2]), N(m.Groups[3]));
    }

    /// <summary>True when the version is at least major.minor.</summary>
    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>MySQL 8.0.13+ has functional key parts (STATISTICS.EXPRESSION).</summary>
    public bool HasIndexExpressions => !IsMariaDb && (Major > 8 || (Major == 8 && (Minor > 0 || Patch >= 13)));

    [GeneratedRegex(@"(\d+)\.(\d+)\.(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionNumbers();
}
