using Obscura.Core.Diagnostics;
using Obscura.Service.Access;

namespace Obscura.Service.Tests;

public sealed class AccessSettingsFileTests
{
    [Fact]
    public void The_access_file_sets_jwt_networks_rate_limits_and_preview_grants()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-access-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "access.json");
        File.WriteAllText(file, """
            {
              // comments are allowed
              "jwt": { "issuer": "https://idp.test", "audience": "obscura", "jwks_file": "keys/jwks.json", "role_claim": "groups",
                       "role_map": { "obscura-dba": "DBA" }, "clock_skew": "00:00:30" },
              "allowed_networks": ["10.0.0.0/8", "2001:db8::/32"],
              "trusted_proxies": ["172.16.0.0/12"],
              "rate_limit": { "permit_limit": 100, "window": "00:00:10", "partition_by": "ip" },
              "preview": { "max_rows": 50, "clear_text_grants": { "HRCI": ["SECURITY"] } }
            }
            """);
        var settings = AccessSettingsFile.Apply(new ServiceSettings(), file);
        Assert.Equal("https://idp.test", settings.Access.Jwt!.Issuer);
        Assert.Equal(Path.Combine(dir, "keys", "jwks.json"), settings.Access.Jwt.JwksFile);
        Assert.Equal("groups", settings.Access.Jwt.RoleClaim);
        Assert.Equal("DBA", settings.Access.Jwt.RoleMap["obscura-dba"]);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Access.Jwt.ClockSkew);
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], settings.Access.AllowedNetworks);
        Assert.Equal(["172.16.0.0/12"], settings.Access.TrustedProxies);
        Assert.Equal(100, settings.Access.RateLimit!.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Access.RateLimit.Window);
        Assert.Equal("ip", settings.Access.RateLimit.PartitionBy);
        Assert.Equal(50, settings.Preview.MaxRows);
        Assert.Equal(20, settings.Preview.DefaultRows);
        Assert.Equal([ServiceRoles.Security], settings.Preview.ClearTextGrants["hrci"]);

        File.WriteAllText(file, """{ "rate_limit": { "permits": 5 } }""");
        var e = Assert.Throws<ObscuraConfigException>(() => AccessSettingsFile.Apply(new ServiceSettings(), file));
        Assert.Equal(DiagnosticCodes.ServiceAccessSettingsInvalid, e.Diagnostics[0].Code);
        Assert.Contains("permits", e.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }
}
