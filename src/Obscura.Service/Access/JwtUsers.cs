using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.Access;

/// <summary>
/// Turns a validated identity-provider token into an Obscura caller: its name claim names the service user (created on
/// first sight, without an API token, so approvals and audit records have an id to bind to); its role claim, through the
/// role map, gives the Obscura roles. A disabled service user is refused even with a valid token.
/// </summary>
internal sealed class JwtUsers(JwtSettings settings)
{
    public const string AuthenticationType = "jwt";

    public async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var name = principal.FindFirst(settings.NameClaim)?.Value ?? principal.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl) || name.Contains(',', StringComparison.Ordinal))
        {
            context.Fail($"the token's '{settings.NameClaim}' claim is missing or not a usable user name");
            return;
        }
        var roles = Roles(principal);
        var store = context.HttpContext.RequestServices.GetRequiredService<IServiceStore>();
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var ct = context.HttpContext.RequestAborted;
        var user = await store.FindUserAsync(name, ct).ConfigureAwait(false);
        if (user is null)
        {
            try
            {
                // An unknown random token: the user exists for ids and the audit, and can sign in only through the identity provider.
                user = await store.AddUserAsync(name, roles, ApiTokens.Hash(ApiTokens.Create()), clock.GetUtcNow(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // Another request created it first.
                var existing = await store.FindUserAsync(name, ct).ConfigureAwait(false);
                if (existing is null) throw;
                user = existing;
            }
        }
        if (user.Disabled)
        {
            context.HttpContext.Items[AccessResponses.RefusedUserKey] = user.Name;
            context.Fail("user disabled");
            return;
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(BearerTokenHandler.UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }

    /// <summary>Obscura roles from the role claim: mapped values, and values that are Obscura roles already.</summary>
    public IReadOnlyList<string> Roles(ClaimsPrincipal principal)
    {
        var result = new List<string>();
        foreach (var claim in principal.FindAll(settings.RoleClaim))
        {
            var role = settings.RoleMap.TryGetValue(claim.Value, out var mapped) ? mapped.Trim().ToUpperInvariant() : claim.Value;
            if (ServiceRoles.IsKnown(role) && !result.Contains(role, StringComparer.Ordinal)) result.Add(role);
        }
        return result;
    }

    public static Task OnChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "This endpoint needs a token: send 'Authorization: Bearer TOKEN'.",
            SecurityTokenExpiredException => "The token has expired.",
            SecurityTokenNotYetValidException => "The token is not valid yet.",
            SecurityTokenInvalidIssuerException => "The token was not issued by the configured identity provider.",
            SecurityTokenInvalidAudienceException => "The token is not meant for this service (audience).",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
            SecurityTokenNoExpirationException => "The token has no expiry.",
            _ when context.HttpContext.Items.ContainsKey(AccessResponses.RefusedUserKey) => "The user is disabled.",
            _ => "The token is not valid.",
        };
        return AccessResponses.UnauthenticatedAsync(context.HttpContext, detail);
    }
}
