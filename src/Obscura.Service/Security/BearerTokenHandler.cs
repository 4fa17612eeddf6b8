using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer obs_...</c> by the token's hash, on every request (no cache: a disabled user
/// or a rotated token is refused from the next request on). Challenges answer 401 and forbidden answers 403, both as
/// problem details and both audited.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    IServiceStore store, ServiceAudit audit) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ObscuraToken";
    public const string UserIdClaim = "obscura:user_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("not a bearer token");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return AuthenticateResult.Fail("empty token");
        var user = await store.FindUserByTokenHashAsync(ApiTokens.Hash(token), Context.RequestAborted).ConfigureAwait(false);
        if (user is null) return AuthenticateResult.Fail("unknown token");
        if (user.Disabled)
        {
            Context.Items[Access.AccessResponses.RefusedUserKey] = user.Name;
            return AuthenticateResult.Fail("user disabled");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name), new(UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var detail = result.Failure is null ? "This endpoint needs an API token: send 'Authorization: Bearer TOKEN'." : "The API token is not valid (unknown, rotated or disabled).";
        await Access.AccessResponses.UnauthenticatedAsync(Context, detail).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await audit.RecordAsync(Context, "authorize", Request.Path.Value, "forbidden").ConfigureAwait(false);
        await Results.Problem("Your roles do not allow this.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context).ConfigureAwait(false);
    }
}
