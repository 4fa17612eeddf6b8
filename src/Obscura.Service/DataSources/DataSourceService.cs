using System.Globalization;
using System.Security.Cryptography;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Service.Internal;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.DataSources;

/// <summary>Validates, stores and connects data sources; the only place a stored password is decrypted.</summary>
internal sealed class DataSourceService(IServiceStore store, ObscuraRuntime runtime, MasterKey? masterKey, TimeProvider clock)
{
    private static readonly string[] Kinds = ["sqlite", "postgres", "mysql"];
    private static readonly string[] TlsModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
    private static readonly string[] Classifications = ["HRCI", "Confidential", "Proprietary", "Public"];

    /// <summary>Builds a record from a new request (<paramref name="existing"/> null) or a change; problems instead when invalid.</summary>
    public (DataSourceRecord? Record, IReadOnlyList<Problem> Problems) Build(DataSourceRequest request, DataSourceRecord? existing)
    {
        var problems = new List<Problem>();
        var now = clock.GetUtcNow();
        var id = existing?.Id ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string? kind = request.Kind ?? existing?.Kind, host = request.Host ?? existing?.Host, database = request.Database ?? existing?.Database,
            username = request.Username ?? existing?.Username, password = request.Password;
        var port = request.Port ?? existing?.Port;
        if (request.Uri is { Length: > 0 } uriText)
        {
            try
            {
                var uri = DatabaseUri.Parse(uriText);
                kind = uri.Scheme;
                host = uri.Host;
                port = uri.Port;
                database = uri.Database;
                username = uri.User;
                if (!string.IsNullOrEmpty(uri.Password)) password = uri.Password;
            }
            catch (ObscuraConfigException e)
            {
                problems.Add(new Problem("uri", DiagnosticCodes.ServiceInvalidField, e.Message));
            }
        }
        var name = request.Name ?? existing?.Name;
        var environment = request.Environment ?? existing?.Environment;
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new Problem("name", DiagnosticCodes.ServiceInvalidField, "a name is required"));
        if (kind is null || !Kinds.Contains(kind)) problems.Add(new Problem("kind", DiagnosticCodes.ServiceInvalidField, "kind must be sqlite, postgres or mysql (or give uri)"));
        if (string.IsNullOrWhiteSpace(database)) problems.Add(new Problem("database", DiagnosticCodes.ServiceInvalidField, kind == "sqlite" ? "the SQLite file path is required" : "the database name is required"));
        if (kind is "postgres" or "mysql" && string.IsNullOrWhiteSpace(host)) problems.Add(new Problem("host", DiagnosticCodes.ServiceInvalidField, "the host is required for a server database"));
        if (port is <= 0 or > 65535) problems.Add(new Problem("port", DiagnosticCodes.ServiceInvalidField, "port must be between 1 and 65535"));
        if (string.IsNullOrWhiteSpace(environment)) problems.Add(new Problem("environment", DiagnosticCodes.ServiceInvalidField, "an environment (PROD, UAT, DEV, ...) is required"));
        var classification = request.Classification ?? existing?.Classification;
        if (classification is not null && !Classifications.Contains(classification, StringComparer.OrdinalIgnoreCase))
            problems.Add(new Problem("classification", DiagnosticCodes.ServiceInvalidField, "classification must be HRCI, Confidential, Proprietary or Public"));
        var tls = request.TlsMode ?? existing?.TlsMode;
        if (tls is not null && !TlsModes.Contains(tls, StringComparer.OrdinalIgnoreCase))
            problems.Add(new Problem("tls_mode", DiagnosticCodes.ServiceInvalidField, "tls_mode must be disable, allow, prefer, require, verify-ca or verify-full"));
        if (tls is not null && kind == "sqlite") problems.Add(new Problem("tls_mode", DiagnosticCodes.ServiceInvalidField, "a SQLite file has no TLS"));

        string? cipher = existing?.PasswordCipher, reference = existing?.PasswordRef;
        if (!string.IsNullOrEmpty(password) && !string.IsNullOrEmpty(request.PasswordRef))
            problems.Add(new Problem("password", DiagnosticCodes.ServiceInvalidField, "give password or password_ref, not both"));
        else if (!string.IsNullOrEmpty(password))
        {
            if (masterKey is null)
                problems.Add(new Problem("password", DiagnosticCodes.ServiceInvalidField,
                    "no master key is configured (OBSCURA_MASTER_KEY or a key file), so a password cannot be stored: configure one, or give password_ref env:NAME / file:PATH"));
            else
            {
                cipher = masterKey.Encrypt(password, id);
                reference = null;
            }
        }
        else if (request.PasswordRef is { Length: > 0 } pref)
        {
            if (!pref.StartsWith("env:", StringComparison.Ordinal) && !pref.StartsWith("file:", StringComparison.Ordinal) || pref.IndexOf(':', StringComparison.Ordinal) == pref.Length - 1)
                problems.Add(new Problem("password_ref", DiagnosticCodes.ServiceInvalidField, "password_ref must be env:NAME or file:PATH"));
            reference = pref;
            cipher = null;
        }
        if (problems.Count > 0) return (null, problems);
        return (new DataSourceRecord
        {
            Id = id, Name = name!.Trim(), Kind = kind!, Host = kind == "sqlite" ? null : host, Port = kind == "sqlite" ? null : port, Database = database!,
            Username = kind == "sqlite" ? null : username, Environment = environment!.Trim(), Classification = classification, TlsMode = tls?.ToLowerInvariant(),
            PasswordCipher = cipher, PasswordRef = reference, CreatedAt = existing?.CreatedAt ?? now, UpdatedAt = now,
        }, problems);
    }

    public static DataSourceView View(DataSourceRecord s) => new(
        s.Id, s.Name, s.Kind, s.Host, s.Port, s.Database, s.Username, s.Environment, s.Classification, s.TlsMode,
        s.PasswordCipher is not null ? "encrypted" : s.PasswordRef is not null ? "reference" : "none", s.PasswordRef, UriText(s), s.CreatedAt, s.UpdatedAt);

    /// <summary>The URI for a run, password resolved (decrypted, or read from the environment or a file) only now.</summary>
    public DatabaseUri Resolve(DataSourceRecord s)
    {
        string? password = null;
        if (s.PasswordCipher is not null)
        {
            if (masterKey is null) throw new ObscuraConfigException($"data source '{s.Name}' has an encrypted password but no master key is configured");
            password = masterKey.Decrypt(s.PasswordCipher, s.Id);
        }
        else if (s.PasswordRef is { } pref)
        {
            var where = pref[(pref.IndexOf(':', StringComparison.Ordinal) + 1)..];
            password = pref.StartsWith("env:", StringComparison.Ordinal)
                ? Environment.GetEnvironmentVariable(where) ?? throw new ObscuraConfigException($"data source '{s.Name}': the environment variable {where} named by its password_ref is not set")
                : File.Exists(where) ? File.ReadAllText(where).TrimEnd('\r', '\n') : throw new ObscuraConfigException($"data source '{s.Name}': the password file {where} does not exist");
        }
        return DatabaseUri.Parse(UriText(s), password is null ? null : "password", _ => password);
    }

    private static string UriText(DataSourceRecord s)
    {
        if (s.Kind == "sqlite") return "sqlite:" + s.Database;
        var user = s.Username is null ? "" : System.Uri.EscapeDataString(s.Username) + "@";
        var host = s.Host!.Contains(':', StringComparison.Ordinal) ? "[" + s.Host + "]" : s.Host;
        var port = s.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
        var tls = s.TlsMode is null ? "" : "?sslmode=" + s.TlsMode;
        return $"{s.Kind}://{user}{host}{port}/{System.Uri.EscapeDataString(s.Database)}{tls}";
    }

    /// <summary>Connects and reads the server version; the error, worded for users and without secrets, on failure.</summary>
    public async Task<(bool Ok, string Message)> TestAsync(DataSourceRecord s, CancellationToken ct)
    {
        try
        {
            var uri = Resolve(s);
            await using var endpoint = runtime.Connect(uri);
            await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
            return (true, $"connected to {uri} ({conn.ServerVersion})");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return (false, e is ObscuraException ? e.Message : runtime.Providers.DescribeError(e));
        }
    }

    /// <summary>The data source an operation names: by id, else by environment (which must then be unique).</summary>
    public async Task<(DataSourceRecord? Source, string? Problem)> FindAsync(string reference, CancellationToken ct)
    {
        var all = await store.ListDataSourcesAsync(ct).ConfigureAwait(false);
        if (all.FirstOrDefault(s => s.Id == reference) is { } byId) return (byId, null);
        var byEnv = all.Where(s => string.Equals(s.Environment, reference, StringComparison.OrdinalIgnoreCase)).ToList();
        var byName = all.Where(s => string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byEnv.Count == 1) return (byEnv[0], null);
        if (byEnv.Count > 1) return (null, $"{byEnv.Count} data sources are in environment '{reference}': name one by id ({string.Join(", ", byEnv.Select(s => s.Id + " " + s.Name))})");
        if (byName.Count == 1) return (byName[0], null);
        return (null, $"no data source has id, environment or name '{reference}'");
    }
}
