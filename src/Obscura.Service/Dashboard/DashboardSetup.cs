using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.Endpoints;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard;

/// <summary>
/// Wires the web dashboard (server-rendered Razor Pages under <c>/dashboard</c>) into the service: the cookie scheme
/// beside the API's bearer scheme, the dashboard's policies, antiforgery, security headers, and the few endpoints the
/// pages' script and links use (progress stream, report downloads, the stylesheet and script).
/// </summary>
internal static class DashboardSetup
{
    public static IServiceCollection AddObscuraDashboard(this IServiceCollection services, ServiceSettings settings, IServiceStore store, MasterKey? masterKey)
    {
        services.TryAddSingleton(new DashboardOptions { PrivacyPolicyPath = settings.PolicyPath });
        // The key ring lives in the service store, so session cookies and antiforgery tokens survive restarts and every
        // serve process on one store accepts the others'; each key's secret is encrypted under the master key when one is
        // set (without one the keys are stored in clear and ASP.NET Core warns at start).
        services.AddDataProtection().SetApplicationName("obscura-dashboard");
        services.AddSingleton(new DashboardKeyProtection(masterKey));
        services.AddOptions<KeyManagementOptions>().Configure<TimeProvider>((o, clock) =>
        {
            o.XmlRepository = new StoreXmlRepository((IDataProtectionKeyStore)store, clock);
            if (masterKey is not null) o.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey);
        });
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
