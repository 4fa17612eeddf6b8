using Obscura.Core.Diagnostics;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>Connection failures are worded for users and never show the password.</summary>
public sealed class MySqlConnectionTests
{
    private static DatabaseProvider Provider => TestDatabases.Registry.Resolve(TestDatabases.MySqlServer);

    private static async Task<ObscuraDatabaseException> OpenFailureAsync(string uriText)
    {
        var uri = DatabaseUri.Parse(uriText);
        await using var ds = Provider.CreateDataSource(uri);
        return await Assert.ThrowsAsync<ObscuraDatabaseException>(() => Provider.OpenAsync(ds, uri, CancellationToken.None));
    }

    private static string ServerWith(string user, string password, string database, int? port = null)
    {
        var server = TestDatabases.MySqlServer;
        return $"mysql://{user}:{password}@{server.Host}:{port ?? server.Port}/{database}";
    }

    [Fact]
    public async Task A_wrong_password_is_reported_without_the_password()
    {
        var ex = await OpenFailureAsync(ServerWith("root", "Wrong-Secret-42", "mysql"));
        Assert.Contains("access denied", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"mysql://root@{TestDatabases.MySqlServer.Host}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Secret-42", ex.ToString(), StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task An_unknown_database_is_named_in_the_message()
    {
        var ex = await OpenFailureAsync(ServerWith("root", TestDatabases.MySqlServer.Password!, "no_such_db_here"));
        Assert.Contains("database 'no_such_db_here' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestDatabases.MySqlServer.Password!, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_unreachable()
    {
        var ex = await OpenFailureAsync(ServerWith("root", "pw-not-shown", "mysql", port: 1));
        Assert.Contains("cannot connect to", ex.Message, StringComparison.Ordinal);
        Assert.Contains(":1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-not-shown", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unresolvable_host_is_named()
    {
        var ex = await OpenFailureAsync("mysql://root:pw@no-such-host.invalid/mysql");
        Assert.Contains("host name 'no-such-host.invalid' could not be resolved", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_uri_option_is_a_config_error_without_its_value()
    {
        var uri = DatabaseUri.Parse(ServerWith("root", "pw", "mysql") + "?nonsense=secret-value");
        var ex = Assert.Throws<ObscuraConfigException>(() => Provider.CreateDataSource(uri));
        Assert.Contains("nonsense", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uri_options_reach_the_driver()
    {
        var server = TestDatabases.MySqlServer;
        var uri = DatabaseUri.Parse(ServerWith("root", server.Password!, "mysql") + "?sslmode=none&connectiontimeout=47");
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        Assert.Equal(System.Data.ConnectionState.Open, conn.State);
        // Generous, not short: the shared server may be busy with other tests' bulk loads.
        Assert.Equal(47, conn.ConnectionTimeout);
    }

    [Fact]
    public async Task Ensure_database_creates_a_utf8mb4_database_once()
    {
        var name = TestDatabases.UniqueName("myensure");
        var uri = TestDatabases.MySqlServer.WithDatabase(name);
        try
        {
            await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
            await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
            var charset = await TestDatabases.QueryAsync(TestDatabases.MySqlServer,
                $"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'");
            Assert.Equal("utf8mb4", Assert.Single(charset)[0]);
        }
        finally
        {
            await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{name}`");
        }
    }

    [Fact]
    public async Task Sessions_run_in_utc_with_strict_mode_once_prepared_for_loading()
    {
        var server = TestDatabases.MySqlServer;
        await using var ds = Provider.CreateDataSource(server);
        await using var conn = await Provider.OpenAsync(ds, server, CancellationToken.None);
        await Provider.PrepareForLoadAsync(conn, CancellationToken.None);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT @@time_zone, @@foreign_key_checks, @@sql_mode";
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("+00:00", r.GetString(0));
        Assert.Equal(0L, Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("STRICT_TRANS_TABLES", r.GetString(2), StringComparison.Ordinal);
        Assert.Contains("NO_AUTO_VALUE_ON_ZERO", r.GetString(2), StringComparison.Ordinal);
    }
}
