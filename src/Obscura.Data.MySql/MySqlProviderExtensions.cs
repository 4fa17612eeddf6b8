namespace Obscura.Data.MySql;

/// <summary>Registers the MariaDB/MySQL provider.</summary>
public static class MySqlProviderExtensions
{
    /// <summary>Adds <see cref="MySqlProvider"/> for <c>mysql://</c> and <c>mariadb://</c> URIs.</summary>
    public static ProviderRegistryBuilder AddMySql(this ProviderRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new MySqlProvider());
    }
}
