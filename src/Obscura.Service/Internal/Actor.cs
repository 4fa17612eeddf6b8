using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Obscura.Service.Security;

namespace Obscura.Service.Internal;

/// <summary>The authenticated caller of a request.</summary>
internal sealed record Actor(long Id, string Name, IReadOnlyList<string> Roles)
{
    public bool Holds(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public static Actor From(HttpContext http)
    {
        var user = http.User;
        return new Actor(
            long.Parse(user.FindFirstValue(BearerTokenHandler.UserIdClaim)!, CultureInfo.InvariantCulture),
            user.Identity!.Name!,
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList());
    }
}
