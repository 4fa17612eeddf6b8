using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Obscura.Service.Tests;

/// <summary>A local identity provider for tests: an RSA key made in the test, its JWKS file, and tokens it signs.</summary>
public sealed class JwtIssuer : IDisposable
{
    public const string Issuer = "https://idp.obscura.test/realms/main";
    public const string Audience = "obscura-service";

    private static readonly System.Text.Json.JsonSerializerOptions JwksJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public JwtIssuer(string directory)
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        JwksFile = Path.Combine(directory, "jwks-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(JwksFile, System.Text.Json.JsonSerializer.Serialize(new { keys = new[] { jwk } }, JwksJson));
    }

    public string JwksFile { get; }

    /// <summary>Service settings that trust this issuer, mapping the group <c>obscura-admins</c> to ADMIN.</summary>
    public ServiceSettings Trust(ServiceSettings settings) => settings with
    {
        Access = settings.Access with
        {
            Jwt = new Access.JwtSettings
            {
                Issuer = Issuer, Audience = Audience, JwksFile = JwksFile,
                RoleMap = new Dictionary<string, string> { ["obscura-admins"] = ServiceRoles.Admin },
            },
        },
    };

    /// <summary>A signed token for <paramref name="user"/> with <paramref name="roles"/> in the <c>roles</c> claim.</summary>
    public string Token(string user, string[] roles, string issuer = Issuer, string audience = Audience, DateTime? expires = null, RSA? signWith = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["preferred_username"] = user, ["sub"] = "id-" + user, ["roles"] = roles };
        var key = signWith is null ? _key : new RsaSecurityKey(signWith) { KeyId = _key.KeyId };
        var exp = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = exp.AddMinutes(-20),
            NotBefore = exp.AddMinutes(-20),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _rsa.Dispose();
}
