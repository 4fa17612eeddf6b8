namespace Obscura.Service.Access;

/// <summary>
/// Who may reach the API and how often: identity-provider tokens (OIDC/JWT) beside API tokens, an IP allowlist, and
/// rate limits. The defaults change nothing: API tokens only, every address, no limit.
/// </summary>
public sealed record AccessSettings
{
    /// <summary>OIDC/JWT bearer validation; null: API tokens only.</summary>
    public JwtSettings? Jwt { get; init; }

    /// <summary>
    /// Networks (CIDR, IPv4 or IPv6, e.g. <c>10.0.0.0/8</c>, <c>2001:db8::/32</c>; a bare address is one host) that may
    /// call the service; others get 403 before any authentication. Empty: every address. <c>/health/*</c> is always open.
    /// </summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];

    /// <summary>
    /// Reverse proxies (CIDR) whose <c>X-Forwarded-For</c> is believed. Empty: the header is ignored and the allowlist and
    /// rate limits see the connection's own address.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Rate limiting of <c>/api</c>; null: none.</summary>
    public RateLimitSettings? RateLimit { get; init; }
}
