using System.Text.Json;
using System.Text.Json.Serialization;
using Obscura.Core.Diagnostics;
using Obscura.Service.Preview;

namespace Obscura.Service.Access;

/// <summary>
/// The access settings file of <c>obscura serve --access FILE</c> (JSON, snake_case): <c>jwt</c>, <c>allowed_networks</c>,
/// <c>trusted_proxies</c>, <c>rate_limit</c> and <c>preview</c>. Unknown keys are refused, so a typo cannot silently
/// leave a protection off. A relative <c>jwt.jwks_file</c> is relative to the file.
/// </summary>
public static class AccessSettingsFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record FileShape
    {
        public JwtSettings? Jwt { get; init; }
        public IReadOnlyList<string>? AllowedNetworks { get; init; }
        public IReadOnlyList<string>? TrustedProxies { get; init; }
        public RateLimitSettings? RateLimit { get; init; }
        public PreviewSettings? Preview { get; init; }
    }

    /// <summary>Returns <paramref name="settings"/> with the file's access and preview settings.</summary>
    /// <exception cref="ObscuraConfigException">The file is missing or not valid (OBS930, with the JSON path).</exception>
    public static ServiceSettings Apply(ServiceSettings settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(path)) throw new ObscuraConfigException($"the access settings file {path} does not exist");
        FileShape shape;
        try
        {
            shape = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), Json) ?? new FileShape();
        }
        catch (JsonException e)
        {
            throw new ObscuraConfigException("the access settings are invalid",
                [new Diagnostic(Severity.Error, e.Path ?? "$", DiagnosticCodes.ServiceAccessSettingsInvalid, $"{Path.GetFileName(path)}: {FirstSentence(e.Message)}")]);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var jwt = shape.Jwt is { JwksFile: { Length: > 0 } jwks } j ? j with { JwksFile = Path.GetFullPath(jwks, directory) } : shape.Jwt;
        var preview = shape.Preview is { } p
            ? p with { ClearTextGrants = new Dictionary<string, IReadOnlyList<string>>(p.ClearTextGrants, StringComparer.OrdinalIgnoreCase) }
            : settings.Preview;
        return settings with
        {
            Access = new AccessSettings
            {
                Jwt = jwt,
                AllowedNetworks = shape.AllowedNetworks ?? [],
                TrustedProxies = shape.TrustedProxies ?? [],
                RateLimit = shape.RateLimit,
            },
            Preview = preview,
        };
    }

    // System.Text.Json appends the path and position to its message; the diagnostic has the path already.
    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0];
}
