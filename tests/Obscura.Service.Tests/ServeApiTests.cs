using System.Net;

namespace Obscura.Service.Tests;

public sealed class ServeApiTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Smoke(bool kestrel)
    {
        var storeDb = await Obscura.Data.Tests.Infrastructure.TestDatabases.CreateAsync("postgres", "svc_waf_store");
        try
        {
            await using var f = await ServeFactory.StartAsync(StoreContractTests.PostgresSpec(storeDb), kestrel);
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var me = await admin.GetStringAsync("/api/me");
            Assert.Contains("adam", me, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.ClientFor(null).GetAsync("/api/me")).StatusCode);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }
}
