namespace Obscura.Data.Tests.Sqlite;

/// <summary>The shared provider conformance suite, run against SQLite.</summary>
public sealed class SqliteConformanceTests : ProviderConformanceTests
{
    /// <inheritdoc />
    protected override string ProviderName => "sqlite";
}
