using Microsoft.AspNetCore.Http;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Where a refused page or action lands; answers 403.</summary>
internal sealed class ForbiddenModel : DashboardPage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
