using System.Security.Cryptography;
using System.Text;

namespace Obscura.Service.Security;

/// <summary>API tokens: 32 random bytes shown once as <c>obs_BASE64URL</c>; the store keeps only their SHA-256.</summary>
public static class ApiTokens
{
    /// <summary>The prefix that makes a token recognizable (in a secret scanner, in a config file).</summary>
    public const string Prefix = "obs_";

    /// <summary>A new random token.</summary>
    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The hex SHA-256 of a token, as stored.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
