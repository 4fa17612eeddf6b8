using Obscura.Core.Diagnostics;
using Obscura.Data;

namespace Obscura.Service.Store;

/// <summary>Opens the store a <c>--store</c> value names: <c>sqlite:PATH</c> (embedded) or <c>postgres://...</c> (shared).</summary>
public static class ServiceStores
{
    /// <summary>The environment variable read for the PostgreSQL store's password when the URI has none.</summary>
    public const string PasswordVariable = "OBSCURA_STORE_PASSWORD";

    /// <summary>Opens (does not migrate) the store <paramref name="spec"/> names.</summary>
    /// <exception cref="ObscuraConfigException">OBS910: the value names neither kind of store.</exception>
    public static IServiceStore Open(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && spec.Length > "sqlite:".Length) return new SqliteServiceStore(spec["sqlite:".Length..]);
        if (IsPostgres(spec))
        {
            DatabaseUri uri;
            try
            {
                uri = DatabaseUri.Parse(spec, PasswordVariable);
            }
            catch (ObscuraConfigException e)
            {
                throw Error(DiagnosticCodes.ServiceStoreInvalid, e.Message);
            }
            if (string.IsNullOrEmpty(uri.Database)) throw Error(DiagnosticCodes.ServiceStoreInvalid, $"--store {uri} names no database: use postgres://user@host/database");
            return new PostgresServiceStore(uri);
        }
        throw Error(DiagnosticCodes.ServiceStoreInvalid, "--store must be sqlite:PATH or postgres://user@host/database");
    }

    /// <summary>The store for messages: a PostgreSQL URI without its password.</summary>
    public static string Describe(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsPostgres(spec)) return spec;
        try
        {
            return DatabaseUri.Parse(spec).ToString();
        }
        catch (ObscuraConfigException)
        {
            return "postgres://...";
        }
    }

    /// <summary>True when <paramref name="spec"/> names a PostgreSQL store (shared by several processes).</summary>
    public static bool IsPostgres(string spec) =>
        spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A configuration error about the store with its code.</summary>
    internal static ObscuraConfigException Error(string code, string message) =>
        new("the service store cannot be used", [new Diagnostic(Severity.Error, "--store", code, message)]);
}
