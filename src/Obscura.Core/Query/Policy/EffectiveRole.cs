namespace Obscura.Core.Query.Policy;

/// <summary>A user's roles combined most-restrictively: the smallest limits and the longest reset period.</summary>
public sealed record EffectiveRole
{
    /// <summary>The user.</summary>
    public required string User { get; init; }
    /// <summary>The roles combined.</summary>
    public required IReadOnlyList<string> Roles { get; init; }
    /// <summary>The limits that apply.</summary>
    public required PolicyRole Limits { get; init; }
}
