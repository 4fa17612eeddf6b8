using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Obscura.Service.Dashboard;

/// <summary>
/// Security headers on every dashboard response, set first in the pipeline so redirects and error pages carry them
/// too: a CSP without inline script or style, no framing, no MIME sniffing, no referrer. Report files the dashboard
/// hands out get a stricter, sandboxed policy of their own (<see cref="DashboardFiles"/>).
/// </summary>
internal sealed class SecurityHeaders : IStartupFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IsDashboard(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    if (!headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
            }
            return nextMiddleware(context);
        });
        next(app);
    };

    private static bool IsDashboard(PathString path) => path == "/" || path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase);
}
