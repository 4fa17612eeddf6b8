namespace Obscura.Service.Operations;

/// <summary>
/// The <c>generate</c> part of a <c>generate_sample</c> request: synthetic rows shaped like the source's schema (as
/// <c>obscura generate --like SOURCE</c>) written into the target.
/// </summary>
public sealed record GenerateSampleRequest
{
    /// <summary>Rows per table (<c>schema.table</c> or <c>table</c>), as <c>--rows TABLE=N</c>.</summary>
    public IReadOnlyDictionary<string, long>? Rows { get; init; }
    /// <summary>Every table at this factor of the source's row count, as <c>--rows scale=F</c>.</summary>
    public double? Scale { get; init; }
    /// <summary>The seed: the same seed, schema and counts give the same rows (default 0).</summary>
    public long? Seed { get; init; }
    /// <summary>Faker locale (default en).</summary>
    public string? Locale { get; init; }
}
