using System.Net;
using System.Net.Sockets;
using Npgsql;
using Obscura.Core.Diagnostics;
using Obscura.Data.Postgres.Internal;
using Obscura.Data.Tests.Infrastructure;
using static Obscura.Data.Tests.Postgres.PostgresTestDatabase;

namespace Obscura.Data.Tests.Postgres;

/// <summary>Data sources from URIs, friendly connection errors and database creation.</summary>
public sealed class PostgresConnectionTests
{
    private static async Task<ObscuraDatabaseException> OpenFailsAsync(DatabaseUri uri)
    {
        await using var ds = Provider.CreateDataSource(uri);
        return await Assert.ThrowsAsync<ObscuraDatabaseException>(() => Provider.OpenAsync(ds, uri, CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_password_says_authentication_failed_without_the_password()
    {
        await using var server = new FakePostgresServer();
        var uri = DatabaseUri.Parse($"postgres://alice:Sup3r-Secret-pw@127.0.0.1:{server.Port}/shop?sslmode=disable");
        var error = await OpenFailsAsync(uri);
        Assert.Equal("Sup3r-Secret-pw", server.ReceivedPassword);
        Assert.Contains("authentication failed", error.Message);
        Assert.Contains("postgres://alice@127.0.0.1:" + server.Port + "/shop", error.Message);
        Assert.DoesNotContain("Sup3r-Secret-pw", error.Message);
        Assert.Equal("28P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task A_closed_port_says_the_connection_was_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = await OpenFailsAsync(DatabaseUri.Parse($"postgres://bob:pw-123456@127.0.0.1:{port}/shop"));
        Assert.Contains("connection refused", error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain("pw-123456", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_missing_database_is_named_in_the_error()
    {
        var uri = TestDatabases.PostgresServer.WithDatabase("no_such_db_" + Environment.ProcessId);
        var error = await OpenFailsAsync(uri);
        Assert.Contains($"database '{uri.Database}' does not exist", error.Message);
        Assert.Contains(uri.ToString(), error.Message);
        if (uri.Password is { Length: > 0 } password) Assert.DoesNotContain(password, error.Message);
        Assert.Equal("3D000", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task A_wrong_password_on_the_real_server_says_authentication_failed_without_the_password()
    {
        var server = TestDatabases.PostgresServer;
        var uri = DatabaseUri.Parse($"postgres://{server.User}:Wr0ng-Passw0rd@{server.Host}:{server.Port}/postgres");
        var error = await OpenFailsAsync(uri);
        Assert.Contains("authentication failed", error.Message);
        Assert.Contains(uri.ToString(), error.Message);
        Assert.DoesNotContain("Wr0ng-Passw0rd", error.Message);
        Assert.DoesNotContain("Wr0ng-Passw0rd", error.ToString());
        Assert.Equal("28P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task A_missing_role_is_named_in_the_error_where_the_server_reveals_it()
    {
        // Over TCP the server answers a missing role like a wrong password; its trusted local socket names the role.
        var server = TestDatabases.PostgresServer;
        var socketDir = Environment.GetEnvironmentVariable("OBSCURA_TEST_PG_SOCKET_DIR");
        Assert.False(string.IsNullOrEmpty(socketDir), "OBSCURA_TEST_PG_SOCKET_DIR is not set: run the tests with scripts/test.sh");
        var uri = DatabaseUri.Parse($"postgres://no_such_role:whatever-pw@localhost:{server.Port}/postgres?host={Uri.EscapeDataString(socketDir!)}");
        var error = await OpenFailsAsync(uri);
        Assert.Contains("role 'no_such_role' does not exist", error.Message);
        Assert.DoesNotContain("whatever-pw", error.Message);
    }

    [Fact]
    public async Task Ensure_database_creates_a_missing_database_once()
    {
        var uri = TestDatabases.PostgresServer.WithDatabase(TestDatabases.UniqueName("Ensure Me"));
        await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
        await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
        var catalog = await InspectAsync(uri);
        Assert.Equal(uri.Database, catalog.Database);
        Assert.Empty(catalog.Tables);
    }

    [Fact]
    public void Uri_parts_and_libpq_options_become_npgsql_settings()
    {
        var uri = DatabaseUri.Parse("postgres://carol:pw@db.example:6543/sales?sslmode=verify-full&connect_timeout=7&application_name=nightly&Maximum Pool Size=3");
        var builder = PostgresConnections.BuildConnectionString(uri);
        Assert.Equal(("db.example", 6543, "sales", "carol", "pw"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("nightly", builder.ApplicationName);
        Assert.Equal(3, builder.MaxPoolSize);
        Assert.Equal(0, builder.CommandTimeout);
        var defaults = PostgresConnections.BuildConnectionString(DatabaseUri.Parse("postgres://u@h/d"));
        Assert.Equal((5432, "obscura"), (defaults.Port, defaults.ApplicationName));
    }

    [Fact]
    public void Unknown_uri_options_are_rejected_without_repeating_their_value()
    {
        var error = Assert.Throws<ObscuraConfigException>(() =>
            PostgresConnections.BuildConnectionString(DatabaseUri.Parse("postgres://u:pw@h/d?no_such_option=hush-hush")));
        Assert.Contains("no_such_option", error.Message);
        Assert.DoesNotContain("hush-hush", error.Message);
        Assert.Throws<ObscuraConfigException>(() => PostgresConnections.BuildConnectionString(DatabaseUri.Parse("postgres://u@h/d?sslmode=sometimes")));
    }
}
