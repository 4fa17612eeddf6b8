namespace Obscura.Service.Access;

/// <summary>A fixed-window rate limit on <c>/api</c>: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> per caller.</summary>
public sealed record RateLimitSettings
{
    /// <summary>Requests allowed per window and caller.</summary>
    public int PermitLimit { get; init; } = 600;
    /// <summary>The window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// <c>user</c> (default): one budget per authenticated user, per address for requests without a valid token;
    /// <c>ip</c>: one budget per client address whoever calls.
    /// </summary>
    public string PartitionBy { get; init; } = "user";
}
