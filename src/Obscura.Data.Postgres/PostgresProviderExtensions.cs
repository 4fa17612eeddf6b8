namespace Obscura.Data.Postgres;

/// <summary>Registers the PostgreSQL provider on a <see cref="ProviderRegistryBuilder"/>.</summary>
public static class PostgresProviderExtensions
{
    /// <summary>Adds <see cref="PostgresProvider"/> for <c>postgres://</c> (and <c>postgresql://</c>, <c>pg://</c>) URIs.</summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ProviderRegistryBuilder AddPostgres(this ProviderRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new PostgresProvider());
    }
}
