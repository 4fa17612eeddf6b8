using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Internal;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>What every dashboard page shares: the caller, the services, a flash notice and form errors.</summary>
internal abstract class DashboardPage : PageModel
{
    /// <summary>A message for the next page after a redirect (shown in a status region).</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Problems of the form just posted, one sentence each.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The signed-in user.</summary>
    protected Actor Me => Actor.From(HttpContext);

    /// <summary>True when the signed-in user holds <paramref name="role"/>.</summary>
    public bool Holds(string role) => User.IsInRole(role);

    protected T Service<T>() where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>403 through the dashboard's own scheme (its forbidden page), never the API's.</summary>
    protected IActionResult ForbidPage() => Forbid(DashboardCookie.SchemeName);
}
