using Microsoft.AspNetCore.Http;
using Obscura.Service.Internal;

namespace Obscura.Service.Access;

/// <summary>
/// The refusals of the access layer, as problem details and audited: who (when known), from which address, which path,
/// and the outcome — never the token.
/// </summary>
internal static class AccessResponses
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which a scheme leaves the name of a user it knows but refused (disabled).</summary>
    public const string RefusedUserKey = "obscura:refused_user";

    /// <summary>401: no token, or a token that does not authenticate.</summary>
    public static async Task UnauthenticatedAsync(HttpContext http, string detail)
    {
        var audit = (ServiceAudit)http.RequestServices.GetService(typeof(ServiceAudit))!;
        var who = http.Items.TryGetValue(RefusedUserKey, out var name) && name is string known ? known : "anonymous";
        await audit.RecordAsync(who, null, "authenticate", http.Request.Path.Value, http.Connection.RemoteIpAddress?.ToString(), "unauthenticated").ConfigureAwait(false);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthenticated").ExecuteAsync(http).ConfigureAwait(false);
    }

    /// <summary>403 for an address outside the allowlist (before any authentication).</summary>
    public static async Task AddressRefusedAsync(HttpContext http)
    {
        var audit = (ServiceAudit)http.RequestServices.GetService(typeof(ServiceAudit))!;
        await audit.RecordAsync("anonymous", null, "connect", http.Request.Path.Value, http.Connection.RemoteIpAddress?.ToString(), "address_refused").ConfigureAwait(false);
        await Results.Problem("Your network address is not in the service's allowlist.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            type: "https://obscura.dev/problems/address-not-allowed").ExecuteAsync(http).ConfigureAwait(false);
    }
}
