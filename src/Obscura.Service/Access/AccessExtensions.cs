using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Obscura.Core.Diagnostics;
using Obscura.Service.Security;
using Obscura.Service.Store;
using Microsoft.Extensions.Logging;

namespace Obscura.Service.Access;

/// <summary>
/// Registers the access layer: identity-provider tokens beside API tokens (a policy scheme picks by the token's shape),
/// the IP allowlist (before authentication) and the rate limits of <c>/api</c> (after it, so they count per user).
/// </summary>
internal static class AccessExtensions
{
    /// <summary>The policy scheme that forwards to <see cref="JwtScheme"/> or the API-token scheme.</summary>
    public const string SelectorScheme = "ObscuraBearer";
    /// <summary>The JWT bearer scheme.</summary>
    public const string JwtScheme = JwtBearerDefaults.AuthenticationScheme;

    private static readonly string[] SigningAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Checks the settings (every problem at once, OBS930) and registers JWT validation and the rate limiter.</summary>
    /// <exception cref="ObscuraConfigException">The access settings are invalid.</exception>
    /// <param name="services">The host's services.</param>
    /// <param name="settings">The service settings.</param>
    /// <param name="sharedCounts">The store's shared rate-limit counts (PostgreSQL store: every instance on it shares one budget per client); null: this process counts alone.</param>
    public static IServiceCollection AddObscuraAccess(this IServiceCollection services, ServiceSettings settings, ISharedRateLimitStore? sharedCounts = null)
    {
        var access = settings.Access;
        var diagnostics = new DiagnosticBag();
        var allowed = NetworkList.Parse(access.AllowedNetworks, "allowed_networks", diagnostics);
        var proxies = NetworkList.Parse(access.TrustedProxies, "trusted_proxies", diagnostics);
        if (access.RateLimit is { } limit)
        {
            if (limit.PermitLimit < 1) diagnostics.Error("rate_limit.permit_limit", DiagnosticCodes.ServiceAccessSettingsInvalid, "permit_limit must be at least 1");
            if (limit.Window <= TimeSpan.Zero) diagnostics.Error("rate_limit.window", DiagnosticCodes.ServiceAccessSettingsInvalid, "window must be positive");
            if (limit.PartitionBy is not ("user" or "ip")) diagnostics.Error("rate_limit.partition_by", DiagnosticCodes.ServiceAccessSettingsInvalid, "partition_by must be user or ip");
        }
        var keys = access.Jwt is { } jwt ? CheckJwt(jwt, diagnostics) : null;
        diagnostics.ThrowIfErrors("the access settings are invalid");

        services.AddSingleton(new AccessNetworks(allowed, proxies));
        if (access.Jwt is { } j) AddJwt(services, j, keys);
        if (access.RateLimit is { } r) AddRateLimits(services, r, sharedCounts);
        return services;
    }

    /// <summary>Forwarded headers from trusted proxies, then the allowlist: outside addresses get 403 before authentication.</summary>
    public static WebApplication UseObscuraAllowlist(this WebApplication app)
    {
        var networks = app.Services.GetRequiredService<AccessNetworks>();
        if (!networks.Proxies.IsEmpty)
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = null };
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var n in networks.Proxies.Networks) options.KnownIPNetworks.Add(n);
            app.UseForwardedHeaders(options);
        }
        if (!networks.Allowed.IsEmpty)
        {
            app.Use(async (http, next) =>
            {
                // Load balancers probe health from wherever they are.
                if (http.Request.Path.StartsWithSegments("/health") || networks.Allowed.Contains(http.Connection.RemoteIpAddress)) await next(http).ConfigureAwait(false);
                else await AccessResponses.AddressRefusedAsync(http).ConfigureAwait(false);
            });
        }
        return app;
    }

    /// <summary>The rate limiter (after authentication, so a user's requests share one budget from any address).</summary>
    public static WebApplication UseObscuraRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ServiceSettings>().Access.RateLimit is not null) app.UseRateLimiter();
        return app;
    }

    private static IReadOnlyList<SecurityKey>? CheckJwt(JwtSettings jwt, DiagnosticBag diagnostics)
    {
        const string Code = DiagnosticCodes.ServiceAccessSettingsInvalid;
        if (string.IsNullOrWhiteSpace(jwt.Audience)) diagnostics.Error("jwt.audience", Code, "an audience is required: the value the identity provider puts in 'aud' for this service");
        if (string.IsNullOrWhiteSpace(jwt.Issuer) && string.IsNullOrWhiteSpace(jwt.Authority))
            diagnostics.Error("jwt.issuer", Code, "give the issuer, or the authority it is discovered from");
        if (string.IsNullOrWhiteSpace(jwt.JwksFile) && string.IsNullOrWhiteSpace(jwt.Authority))
            diagnostics.Error("jwt.jwks_file", Code, "give a JWKS file with the signing keys, or the authority they are discovered from");
        if (jwt.Authority is { Length: > 0 } a && (!Uri.TryCreate(a, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            diagnostics.Error("jwt.authority", Code, "the authority must be an absolute https URL");
        foreach (var (from, to) in jwt.RoleMap)
        {
            if (!ServiceRoles.IsKnown(to.Trim().ToUpperInvariant()))
                diagnostics.Error($"jwt.role_map.{from}", Code, $"'{to}' is not an Obscura role: use {string.Join(", ", ServiceRoles.All)}");
        }
        if (jwt.JwksFile is not { Length: > 0 } file) return null;
        if (!File.Exists(file))
        {
            diagnostics.Error("jwt.jwks_file", Code, $"the JWKS file {file} does not exist");
            return null;
        }
        try
        {
            var keys = new JsonWebKeySet(File.ReadAllText(file)).GetSigningKeys();
            if (keys.Count == 0) diagnostics.Error("jwt.jwks_file", Code, $"the JWKS file {file} holds no signing key");
            return [.. keys];
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            diagnostics.Error("jwt.jwks_file", Code, $"the JWKS file {file} is not a JSON Web Key Set");
            return null;
        }
    }

    private static void AddJwt(IServiceCollection services, JwtSettings jwt, IReadOnlyList<SecurityKey>? keys)
    {
        var users = new JwtUsers(jwt);
        services.AddAuthentication()
            .AddJwtBearer(JwtScheme, o =>
            {
                o.MapInboundClaims = false;
                o.Authority = jwt.Authority;
                o.Audience = jwt.Audience;
                o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = jwt.Issuer ?? jwt.Authority,
                    ValidateAudience = true,
                    ValidAudience = jwt.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKeys = keys,
                    ValidAlgorithms = SigningAlgorithms,
                    ClockSkew = jwt.ClockSkew,
                    NameClaimType = jwt.NameClaim,
                };
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = users.OnTokenValidatedAsync,
                    OnChallenge = JwtUsers.OnChallengeAsync,
                };
            })
            .AddPolicyScheme(SelectorScheme, "API token or identity-provider token", o =>
            {
                o.ForwardDefaultSelector = http => LooksLikeJwt(http.Request.Headers.Authorization.ToString()) ? JwtScheme : BearerTokenHandler.SchemeName;
                // One refusal for both kinds of caller: a 403 problem, audited.
                o.ForwardForbid = BearerTokenHandler.SchemeName;
            });
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SelectorScheme;
            o.DefaultAuthenticateScheme = SelectorScheme;
            o.DefaultChallengeScheme = SelectorScheme;
            o.DefaultForbidScheme = SelectorScheme;
        });
    }

    /// <summary>A JWS compact serialization: three base64url parts (API tokens are <c>obs_</c> and one part).</summary>
    internal static bool LooksLikeJwt(string header)
    {
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var token = header.AsSpan("Bearer ".Length).Trim();
        return !token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) && token.Count('.') == 2;
    }

    private static void AddRateLimits(IServiceCollection services, RateLimitSettings limit, ISharedRateLimitStore? sharedCounts)
    {
        services.AddSingleton<RateLimitAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<RateLimitAudit>());
        if (sharedCounts is not null)
        {
            services.AddSingleton(sp => new SharedRateLimiter(limit, sharedCounts, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SharedRateLimiter>>()));
            services.AddHostedService<SharedRateLimitSync>();
            services.AddOptions<RateLimiterOptions>().Configure<SharedRateLimiter>((o, shared) => o.GlobalLimiter = shared);
        }
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            if (sharedCounts is null) o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!http.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("unlimited");
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http, limit), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<RateLimitAudit>().Observe(PartitionKey(context.HttpContext, limit), context.HttpContext);
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : (int)Math.Ceiling(limit.Window.TotalSeconds);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem($"Too many requests: at most {limit.PermitLimit} per {limit.Window}. Retry after {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: "https://obscura.dev/problems/rate-limited")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>Whose budget a request spends: the user's (<c>partition_by: user</c>, with a valid token) or its address's.</summary>
    internal static string PartitionKey(HttpContext http, RateLimitSettings limit)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return limit.PartitionBy == "user" && http.User.Identity is { IsAuthenticated: true, Name: { } name } ? "user:" + name : "ip:" + address;
    }
}
