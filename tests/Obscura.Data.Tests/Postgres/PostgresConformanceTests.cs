namespace Obscura.Data.Tests.Postgres;

/// <summary>The shared provider conformance suite against the PostgreSQL test server.</summary>
public sealed class PostgresConformanceTests : ProviderConformanceTests
{
    /// <inheritdoc />
    protected override string ProviderName => "postgres";
}
