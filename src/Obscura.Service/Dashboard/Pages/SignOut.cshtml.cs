using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Internal;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Ends the dashboard session (POST only, with its antiforgery token).</summary>
internal sealed class SignOutModel : DashboardPage
{
    public async Task<IActionResult> OnPostAsync()
    {
        await Service<ServiceAudit>().RecordAsync(HttpContext, "dashboard_sign_out", null, "ok").ConfigureAwait(false);
        await HttpContext.SignOutAsync(DashboardCookie.SchemeName).ConfigureAwait(false);
        return Redirect("/dashboard/sign-in");
    }
}
