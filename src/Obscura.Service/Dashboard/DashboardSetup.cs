using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Obscura.Service.Endpoints;

namespace Obscura.Service.Dashboard;

/// <summary>
/// Wires the web dashboard (server-rendered Razor Pages under <c>/dashboard</c>) into the service: the cookie scheme
/// beside the API's bearer scheme, the dashboard's policies, antiforgery, security headers, and the few endpoints the
/// pages' script and links use (progress stream, report downloads, the stylesheet and script).
/// </summary>
internal static class DashboardSetup
{
    public static IServiceCollection AddObscuraDashboard(this IServiceCollection services, ServiceSettings settings)
    {
        services.TryAddSingleton(new DashboardOptions { PrivacyPolicyPath = settings.PolicyPath });
        // Session cookies and antiforgery tokens stay valid across restarts; a shared store would share the directory.
        services.AddDataProtection()
            .SetApplicationName("obscura-dashboard")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(settings.DataDirectory), "dashboard-keys")));
        services.AddAuthentication().AddCookie(DashboardCookie.SchemeName, DashboardCookie.Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.SignedIn, p => Cookie(p).RequireAuthenticatedUser())
            .AddPolicy(DashboardPolicies.Operations, p => Cookie(p).RequireRole(ServiceRoles.All.Where(r => r != ServiceRoles.Analyst)))
            .AddPolicy(DashboardPolicies.Requester, p => Cookie(p).RequireRole(ServiceRoles.Requester, ServiceRoles.Admin))
            .AddPolicy(DashboardPolicies.Admin, p => Cookie(p).RequireRole(ServiceRoles.Admin))
            .AddPolicy(DashboardPolicies.DataSourceTest, p => Cookie(p).RequireRole(ServiceRoles.Admin, ServiceRoles.Dba))
            .AddPolicy(DashboardPolicies.Auditor, p => Cookie(p).RequireRole(ServiceRoles.Auditor, ServiceRoles.Admin))
            .AddPolicy(DashboardPolicies.Budgets, p => Cookie(p).RequireRole(ServiceRoles.Analyst, ServiceRoles.Auditor, ServiceRoles.Admin));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "obscura_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Dashboard/Pages";
            o.Conventions.AuthorizeFolder("/", DashboardPolicies.SignedIn);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
        }).AddApplicationPart(typeof(DashboardSetup).Assembly);
        services.AddSingleton<IStartupFilter, SecurityHeaders>();
        return services;
    }

    public static WebApplication MapObscuraDashboard(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
        var group = app.MapGroup("/dashboard").ExcludeFromDescription();
        group.MapGet("/assets/{name}", (string name, HttpContext http) => DashboardAssets.Serve(name, http)).AllowAnonymous();
        group.MapGet("/operations/{id:long}/events", OperationEndpoints.StreamEventsAsync).RequireAuthorization(DashboardPolicies.Operations);
        group.MapGet("/operations/{id:long}/summary", DashboardFiles.SummaryAsync).RequireAuthorization(DashboardPolicies.Operations);
        group.MapGet("/operations/{id:long}/files/{name}", DashboardFiles.FileAsync).RequireAuthorization(DashboardPolicies.Operations);
        app.MapRazorPages();
        return app;
    }

    private static AuthorizationPolicyBuilder Cookie(AuthorizationPolicyBuilder policy) => policy.AddAuthenticationSchemes(DashboardCookie.SchemeName);
}
