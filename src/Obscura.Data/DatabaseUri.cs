using System.Globalization;
using Obscura.Core.Diagnostics;

namespace Obscura.Data;

/// <summary>
/// A parsed connection URI: <c>sqlite:PATH</c>, <c>postgres://user[:pass]@host[:port]/db</c>,
/// <c>mysql://user[:pass]@host[:port]/db</c>. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class DatabaseUri
{
    private DatabaseUri(string scheme) => Scheme = scheme;

    /// <summary>Normalized scheme: sqlite, postgres or mysql.</summary>
    public string Scheme { get; }
    /// <summary>Host name (server engines).</summary>
    public string? Host { get; private init; }
    /// <summary>Port, when given.</summary>
    public int? Port { get; private init; }
    /// <summary>User name.</summary>
    public string? User { get; private init; }
    /// <summary>Password, from the URI or the environment variable named at parse time. Never printed.</summary>
    public string? Password { get; private init; }
    /// <summary>Database name (server engines) or file path (SQLite).</summary>
    public string Database { get; private init; } = string.Empty;
    /// <summary>Query-string options (<c>?sslmode=require</c>), passed to the driver by the provider.</summary>
    public IReadOnlyDictionary<string, string> Options { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// Parses a URI. When it has no password, <paramref name="passwordVariable"/> (e.g. OBSCURA_SOURCE_PASSWORD)
    /// is read from the environment.
    /// </summary>
    /// <exception cref="ObscuraConfigException">The URI is malformed; the message never repeats a password.</exception>
    public static DatabaseUri Parse(string text, string? passwordVariable = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        environment ??= Environment.GetEnvironmentVariable;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw Bad(text, "expected sqlite:PATH, postgres://user@host/db or mysql://user@host/db");
        var scheme = text[..colon].ToLowerInvariant() switch
        {
            "sqlite" or "sqlite3" => "sqlite",
            "postgres" or "postgresql" or "pg" => "postgres",
            "mysql" or "mariadb" => "mysql",
            var other => throw new ObscuraConfigException($"unknown database scheme '{other}' in {SafeForMessage(text)}: use sqlite:, postgres:// or mysql://"),
        };
        var rest = text[(colon + 1)..];
        if (scheme == "sqlite")
        {
            // sqlite:PATH, sqlite://PATH and sqlite:///abs/path all name a file.
            if (rest.StartsWith("//", StringComparison.Ordinal)) rest = rest[2..];
            if (rest.Length == 0) throw Bad(text, "sqlite: needs a file path, e.g. sqlite:data/source.db");
            return new DatabaseUri(scheme) { Database = rest };
        }

        if (!rest.StartsWith("//", StringComparison.Ordinal)) throw Bad(text, $"expected {scheme}://user@host[:port]/database");
        rest = rest[2..];
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw Bad(text, $"option '{pair}' must be key=value");
                options[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
            rest = rest[..q];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || slash == rest.Length - 1) throw Bad(text, "the database name is missing (…/database)");
        var authority = rest[..slash];
        var database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        string? user = null, password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var uc = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (uc >= 0)
            {
                user = Uri.UnescapeDataString(userInfo[..uc]);
                password = Uri.UnescapeDataString(userInfo[(uc + 1)..]);
            }
            else user = Uri.UnescapeDataString(userInfo);
        }
        string host = authority;
        int? port = null;
        var pc = authority.LastIndexOf(':');
        if (pc >= 0 && !authority.EndsWith(']'))
        {
            host = authority[..pc];
            if (!int.TryParse(authority[(pc + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is <= 0 or > 65535)
                throw Bad(text, $"port '{authority[(pc + 1)..]}' is not a number between 1 and 65535");
            port = p;
        }
        host = host.Trim('[', ']');
        if (host.Length == 0) throw Bad(text, "the host is missing");
        if (string.IsNullOrEmpty(password) && passwordVariable is not null) password = environment(passwordVariable);
        return new DatabaseUri(scheme) { Host = host, Port = port, User = user, Password = password, Database = database, Options = options };
    }

    /// <summary>The URI without its password, safe for messages and logs.</summary>
    public override string ToString()
    {
        if (Scheme == "sqlite") return "sqlite:" + Database;
        var user = User is null ? string.Empty : Uri.EscapeDataString(User) + "@";
        var port = Port is null ? string.Empty : ":" + Port.Value.ToString(CultureInfo.InvariantCulture);
        var host = Host!.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;
        return $"{Scheme}://{user}{host}{port}/{Database}";
    }

    /// <summary>A copy pointing at another database on the same server (used to create a missing target database).</summary>
    public DatabaseUri WithDatabase(string database) => new(Scheme)
    {
        Host = Host, Port = Port, User = User, Password = Password, Database = database, Options = Options,
    };

    private static ObscuraConfigException Bad(string text, string why) => new($"invalid database URI {SafeForMessage(text)}: {why}");

    /// <summary>Strips a password from raw URI text before it is put in a message.</summary>
    internal static string SafeForMessage(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return text;
        var at = text.IndexOf('@', scheme + 3);
        if (at < 0) return text;
        var userInfo = text[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text : text[..(scheme + 3 + colon)] + ":***" + text[at..];
    }
}
