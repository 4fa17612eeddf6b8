using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Obscura.Service.Internal;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Exchanges a pasted API token for the dashboard's session cookie.</summary>
internal sealed class SignInModel : DashboardPage
{
    [BindProperty(Name = "return_url", SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public PageResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "token")] string? token, CancellationToken ct)
    {
        token = token?.Trim();
        var hash = string.IsNullOrEmpty(token) ? null : ApiTokens.Hash(token);
        var user = hash is null ? null : await Service<IServiceStore>().FindUserByTokenHashAsync(hash, ct).ConfigureAwait(false);
        var audit = Service<ServiceAudit>();
        if (user is null || user.Disabled)
        {
            await audit.RecordAsync(user?.Name ?? "anonymous", null, "dashboard_sign_in", null, HttpContext.Connection.RemoteIpAddress?.ToString(), "unauthenticated", ct).ConfigureAwait(false);
            Errors.Add("That token is not valid: it is unknown, was rotated, or its user is disabled.");
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        var principal = DashboardCookie.Principal(user, hash!);
        await HttpContext.SignInAsync(DashboardCookie.SchemeName, principal, new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        HttpContext.User = principal;
        await audit.RecordAsync(HttpContext, "dashboard_sign_in", null, "ok").ConfigureAwait(false);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/dashboard", StringComparison.Ordinal) ? ReturnUrl : "/dashboard");
    }
}
