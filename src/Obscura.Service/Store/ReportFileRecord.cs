namespace Obscura.Service.Store;

/// <summary>
/// A file an operation left, kept in the store so any service process can serve it. A report over the store's size
/// limit, and every output that is not a report (a dump, a sample's rows, a backup), is recorded without its content
/// (<see cref="Stored"/> false) and stays at <see cref="Location"/>.
/// </summary>
public sealed record ReportFileRecord
{
    /// <summary>The operation.</summary>
    public required long OperationId { get; init; }
    /// <summary>The file name, one of the report allowlist's.</summary>
    public required string Name { get; init; }
    /// <summary>Its media type.</summary>
    public required string ContentType { get; init; }
    /// <summary>Its length in bytes.</summary>
    public required long Size { get; init; }
    /// <summary>Lower-case hex SHA-256 of its bytes; null for an output that is not stored (not read twice just to hash it).</summary>
    public string? Sha256 { get; init; }
    /// <summary>When it was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>True when the store holds the bytes; false when the file was over the limit.</summary>
    public bool Stored { get; init; } = true;
    /// <summary>Where a file not stored stays (machine and path); null when stored.</summary>
    public string? Location { get; init; }
}
