namespace Obscura.Data.Tests.MySql;

/// <summary>The shared provider conformance tests against MariaDB.</summary>
public sealed class MySqlConformanceTests : ProviderConformanceTests
{
    /// <inheritdoc />
    protected override string ProviderName => "mysql";
}
