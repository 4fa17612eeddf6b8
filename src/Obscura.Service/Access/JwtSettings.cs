namespace Obscura.Service.Access;

/// <summary>
/// OIDC/JWT bearer validation. Tokens are checked for signature, issuer, audience and lifetime; the signing keys come
/// from a JWKS file (<see cref="JwksFile"/>) or the identity provider's discovery document (<see cref="Authority"/>).
/// </summary>
public sealed record JwtSettings
{
    /// <summary>The identity provider (e.g. <c>https://login.example.com/realms/main</c>): issuer and keys are discovered from it.</summary>
    public string? Authority { get; init; }
    /// <summary>The expected <c>iss</c>; default: the authority.</summary>
    public string? Issuer { get; init; }
    /// <summary>The expected <c>aud</c> (required).</summary>
    public string? Audience { get; init; }
    /// <summary>A JWKS file holding the signing keys (instead of discovering them from the authority).</summary>
    public string? JwksFile { get; init; }
    /// <summary>The claim holding the user's name; the service user of that name stands for the caller.</summary>
    public string NameClaim { get; init; } = "preferred_username";
    /// <summary>The claim holding roles or groups (a string or an array).</summary>
    public string RoleClaim { get; init; } = "roles";
    /// <summary>
    /// Identity-provider roles or groups to Obscura roles (e.g. <c>"obscura-dba": "DBA"</c>). A claim value that is an
    /// Obscura role itself (<c>DBA</c>) counts as that role; other values are ignored.
    /// </summary>
    public IReadOnlyDictionary<string, string> RoleMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>Tolerated clock difference for <c>exp</c>/<c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Require https for the authority's metadata (turn off only for a local test identity provider).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;
}
