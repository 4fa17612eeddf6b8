using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service;
using Obscura.Service.Security;
using Obscura.Service.Store;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>
/// The dashboard's data-protection key ring lives in the service store, each key encrypted under the master key: no key
/// material in clear at rest, one key ring for every serve process on a PostgreSQL store, and sign-ins that survive
/// <c>obscura keys rotate</c>.
/// </summary>
public sealed class DashboardKeyRingTests
{
    private const string KeyPurpose = "obscura:dashboard-data-protection-key";

    private static async Task<string> TokenAsync(ServiceFixture f, string name, params string[] roles) =>
        (await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None)).Token;

    /// <summary>A client on <paramref name="f"/> that keeps its cookies in <paramref name="cookies"/> (shared between services to act as one browser).</summary>
    private static DashboardSession Session(ServiceFixture f, CookieContainerHandler cookies)
    {
        var handler = new CookieContainerHandler(cookies.Container) { InnerHandler = f.App.GetTestServer().CreateHandler() };
        return new DashboardSession(new HttpClient(handler) { BaseAddress = new Uri("http://localhost") });
    }

    private static async Task SignInAsync(DashboardSession session, string token)
    {
        var response = await session.PostFormAsync("/dashboard/sign-in", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<IReadOnlyList<DataProtectionKeyRecord>> KeysAsync(ServiceFixture f) =>
        await ((IDataProtectionKeyStore)f.Store).ListDataProtectionKeysAsync(CancellationToken.None);

    /// <summary>The base64 secrets of the stored keys, decrypted with <paramref name="key"/> (what must never be stored in clear).</summary>
    private static List<string> Secrets(IEnumerable<DataProtectionKeyRecord> keys, MasterKey key) =>
        [.. keys.SelectMany(k => XElement.Parse(k.Xml).Descendants("obscuraEncryptedKey"))
            .Select(e => XElement.Parse(key.Decrypt(e.Value, KeyPurpose)).Descendants("value").Single().Value)];

    [Fact]
    public async Task The_key_ring_is_in_the_store_and_holds_no_key_material_in_clear()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = DashboardSession.Open(f);
        await SignInAsync(session, await TokenAsync(f, "adam", ServiceRoles.Admin));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/dashboard")).Status);

        var keys = await KeysAsync(f);
        Assert.NotEmpty(keys);
        var masterKey = MasterKey.Load(f.Settings.MasterKeyFile)!;
        foreach (var key in keys)
        {
            Assert.Contains($"masterKey=\"{masterKey.KeyId}\"", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", key.Xml, StringComparison.Ordinal);
        }
        var secrets = Secrets(keys, masterKey);
        Assert.Equal(keys.Count, secrets.Count);
        Assert.All(secrets, s => Assert.True(Convert.FromBase64String(s).Length >= 32));
        // Not in the database, its WAL or shared memory, nor on disk beside the service (no key directory any more).
        var store = f.StoreFilesText();
        Assert.All(secrets, s => Assert.DoesNotContain(s, store, StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain(Encoding.Latin1.GetString(Convert.FromBase64String(s)), store, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(f.Settings.DataDirectory, "dashboard-keys")));
        Assert.Empty(Directory.GetFiles(f.Directory, "key-*.xml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_session_cookie_issued_by_one_service_is_accepted_by_another_on_the_same_PostgreSQL_store()
    {
        var db = await TestDatabases.CreateAsync("postgres", "svc_dpkeys");
        var spec = $"postgres://{db.User}:{Uri.EscapeDataString(db.Password!)}@{db.Host}:{db.Port}/{db.Database}";
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var keyFile = Path.Combine(dir, "master.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec, MasterKeyFile = keyFile, Workers = 0 });
            await using var b = await ServiceFixture.StartAsync(s => s with { Store = spec, MasterKeyFile = keyFile, Workers = 0 });
            var token = await TokenAsync(a, "adam", ServiceRoles.Admin);
            var browser = new CookieContainerHandler();
            var onA = Session(a, browser);
            var onB = Session(b, browser);
            Assert.NotEqual(HttpStatusCode.OK, (await onB.Client.GetAsync("/dashboard")).StatusCode);

            await SignInAsync(onA, token);
            // The same browser, behind a load balancer that now sends it to B: B reads A's cookie.
            var (status, html) = await onB.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("adam", html, StringComparison.Ordinal);
            // And B's forms take the antiforgery tokens... of a page A rendered.
            var (_, formOnA) = await onA.GetAsync("/dashboard/data-sources");
            var csrf = System.Text.RegularExpressions.Regex.Match(formOnA, "name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"");
            Assert.True(csrf.Success);
            var signOut = await onB.Client.PostAsync("/dashboard/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = WebUtility.HtmlDecode(csrf.Groups[1].Value) }));
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

            // One key ring for both: the keys in the store are those A made (B made none of its own), encrypted.
            var keys = await KeysAsync(b);
            Assert.Single(keys);
            Assert.Contains("obscuraEncryptedKey", keys[0].Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", keys[0].Xml, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{db.Database}\" WITH (FORCE)");
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Rotating_the_master_key_re_encrypts_the_key_ring_and_sign_ins_keep_working()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var oldKeyFile = Path.Combine(dir, "old.key");
        var newKeyFile = Path.Combine(dir, "new.key");
        await File.WriteAllTextAsync(oldKeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(newKeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var storeSpec = "sqlite:" + Path.Combine(dir, "service.db");
        var oldKey = MasterKey.Load(oldKeyFile)!;
        var newKey = MasterKey.Load(newKeyFile)!;
        var browser = new CookieContainerHandler();
        try
        {
            string token;
            List<string> secrets;
            await using (var before = await ServiceFixture.StartAsync(s => s with { Store = storeSpec, MasterKeyFile = oldKeyFile }))
            {
                token = await TokenAsync(before, "adam", ServiceRoles.Admin);
                await SignInAsync(Session(before, browser), token);
                secrets = Secrets(await KeysAsync(before), oldKey);
            }

            // With the service stopped, as the docs ask, from a store opened as `obscura keys rotate` opens it.
            using (var store = ServiceStores.Open(storeSpec))
            {
                await store.MigrateAsync(CancellationToken.None);
                var (passwords, dashboardKeys) = await MasterKeyRotation.RotateAllAsync(store, oldKey, newKey, TimeProvider.System, CancellationToken.None);
                Assert.Equal(0, passwords);
                Assert.Equal(secrets.Count, dashboardKeys);
                // Finished: running it again changes nothing.
                Assert.Equal((0, 0), await MasterKeyRotation.RotateAllAsync(store, oldKey, newKey, TimeProvider.System, CancellationToken.None));
                var rotated = await ((IDataProtectionKeyStore)store).ListDataProtectionKeysAsync(CancellationToken.None);
                Assert.All(rotated, k => Assert.Contains($"masterKey=\"{newKey.KeyId}\"", k.Xml, StringComparison.Ordinal));
                Assert.Equal(secrets, Secrets(rotated, newKey));
                Assert.Throws<Obscura.Core.Diagnostics.ObscuraConfigException>(() => Secrets(rotated, oldKey));
            }

            await using var after = await ServiceFixture.StartAsync(s => s with { Store = storeSpec, MasterKeyFile = newKeyFile });
            // The cookie from before the rotation still signs the browser in, and a new sign-in works.
            var (status, html) = await Session(after, browser).GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("adam", html, StringComparison.Ordinal);
            var fresh = DashboardSession.Open(after);
            await SignInAsync(fresh, token);
            Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/dashboard")).Status);
            Assert.Equal(secrets, Secrets(await KeysAsync(after), newKey));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
