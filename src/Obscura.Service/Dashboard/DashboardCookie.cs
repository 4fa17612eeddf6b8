using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Internal;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard;

/// <summary>
/// The dashboard's sign-in: the user pastes an API token once (a form POST, never a URL); the session is an HttpOnly,
/// SameSite=Strict cookie (Secure over HTTPS) holding the token's hash, encrypted by ASP.NET Core data protection. Every
/// request looks the hash up again, as the bearer handler does, so a disabled user or a rotated token loses the
/// session at once and role changes apply on the next page.
/// </summary>
internal static class DashboardCookie
{
    public const string SchemeName = "ObscuraDashboard";
    public const string CookieName = "obscura_dashboard";
    private const string TokenHashClaim = "obscura:token_hash";

    /// <summary>The principal for a user signed in with the token whose hash is <paramref name="tokenHash"/>; same claims as the bearer scheme's.</summary>
    public static ClaimsPrincipal Principal(ServiceUser user, string tokenHash)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(BearerTokenHandler.UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(TokenHashClaim, tokenHash),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.Path = "/";
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.LoginPath = "/dashboard/sign-in";
        o.LogoutPath = "/dashboard/sign-out";
        o.AccessDeniedPath = "/dashboard/forbidden";
        o.ReturnUrlParameter = "return_url";
        o.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            // Script requests (the progress stream) get status codes, not a sign-in page.
            OnRedirectToLogin = c => Redirect(c, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = async c =>
            {
                var audit = c.HttpContext.RequestServices.GetRequiredService<ServiceAudit>();
                await audit.RecordAsync(c.HttpContext, "authorize", c.Request.Path.Value, "forbidden").ConfigureAwait(false);
                await Redirect(c, StatusCodes.Status403Forbidden).ConfigureAwait(false);
            },
        };
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal) || c.Request.Method != HttpMethods.Get)
            c.Response.StatusCode = status;
        else
            c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirstValue(TokenHashClaim);
        var store = context.HttpContext.RequestServices.GetRequiredService<IServiceStore>();
        var user = hash is null ? null : await store.FindUserByTokenHashAsync(hash, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (user is null || user.Disabled)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName).ConfigureAwait(false);
            return;
        }
        context.ReplacePrincipal(Principal(user, hash!));
    }
}
