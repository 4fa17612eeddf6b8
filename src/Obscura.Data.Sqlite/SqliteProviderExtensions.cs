namespace Obscura.Data.Sqlite;

/// <summary>Registers the SQLite provider.</summary>
public static class SqliteProviderExtensions
{
    /// <summary>Adds the <c>sqlite:</c> provider (<see cref="SqliteProvider"/>).</summary>
    public static ProviderRegistryBuilder AddSqlite(this ProviderRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new SqliteProvider());
    }
}
