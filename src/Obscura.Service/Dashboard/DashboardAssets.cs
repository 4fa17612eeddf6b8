using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Obscura.Service.Dashboard;

/// <summary>
/// The dashboard's one stylesheet, one script and its icon, embedded in the assembly (no static-file folder to deploy, no build
/// step): served from <c>/dashboard/assets/NAME</c> with a content hash in the query string for caching.
/// </summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType, string Version)> Files = Load();

    /// <summary>The URL of an asset, versioned by its content.</summary>
    public static string Url(string name) => $"/dashboard/assets/{name}?v={Files[name].Version}";

    public static IResult Serve(string name, HttpContext http)
    {
        if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var name = resource["dashboard/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/javascript; charset=utf-8",
            };
            files[name] = (bytes, type, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..12]);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
