using System.Net;
using System.Security.Cryptography;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Security;

namespace Obscura.Service.Tests;

public sealed class KeyRotationTests
{
    [Fact]
    public async Task Rotating_the_master_key_re_encrypts_every_password_and_the_service_connects_with_the_new_key()
    {
        var pg = TestDatabases.PostgresServer;
        var shared = Path.Combine(Path.GetTempPath(), "obscura-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        var newKeyFile = Path.Combine(shared, "new.key");
        await File.WriteAllTextAsync(newKeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var storeSpec = "sqlite:" + Path.Combine(shared, "service.db");
        try
        {
            string id;
            await using (var f = await ServiceFixture.StartAsync(s => s with { Store = storeSpec }))
            {
                var admin = await f.UserAsync("adam", ServiceRoles.Admin);
                id = await f.DataSourceAsync(admin, new { name = "pg", kind = "postgres", host = pg.Host, port = pg.Port, database = pg.Database, username = pg.User, password = pg.Password, environment = "UAT" });
                await f.DataSourceAsync(admin, new { name = "lite", kind = "sqlite", database = "x.db", environment = "DEV" });
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/data-sources/{id}/test", null)).StatusCode);
                var oldKey = MasterKey.Load(f.Settings.MasterKeyFile)!;
                var newKey = MasterKey.Load(newKeyFile)!;
                Assert.Equal(1, await MasterKeyRotation.RotateAsync(f.Store, oldKey, newKey, f.Clock, CancellationToken.None));
                // Running it again finds nothing left to do (an interrupted rotation is finished this way).
                Assert.Equal(0, await MasterKeyRotation.RotateAsync(f.Store, oldKey, newKey, f.Clock, CancellationToken.None));
                var stored = await f.Store.GetDataSourceAsync(id, CancellationToken.None);
                Assert.StartsWith($"v1:{newKey.KeyId}:", stored!.PasswordCipher, StringComparison.Ordinal);
                // This service still holds the old key: the password does not decrypt, and the error names the key it needs.
                var test = await admin.PostAsync($"/api/data-sources/{id}/test", null);
                Assert.Equal(HttpStatusCode.BadGateway, test.StatusCode);
                Assert.Contains(newKey.KeyId, await test.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            await using (var f = await ServiceFixture.StartAsync(s => s with { Store = storeSpec, MasterKeyFile = newKeyFile }))
            {
                var admin = f.Client(await ServiceUsers.RotateTokenAsync(f.Store, "adam", CancellationToken.None));
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/data-sources/{id}/test", null)).StatusCode);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(shared, recursive: true);
        }
    }
}
