namespace Obscura.Service.Preview;

/// <summary>Masked preview (<c>GET /api/data-sources/{id}/preview</c>): row limits and who may see personal data in clear.</summary>
public sealed record PreviewSettings
{
    /// <summary>Rows returned when the request does not say.</summary>
    public int DefaultRows { get; init; } = 20;
    /// <summary>The most rows one preview returns (a larger <c>limit</c> is capped).</summary>
    public int MaxRows { get; init; } = 100;
    /// <summary>Rows the scan samples to find personal data when no operation is named.</summary>
    public int ScanSampleSize { get; init; } = 1000;
    /// <summary>
    /// Roles that see personal-data columns in clear, by data-source classification (case-insensitive), e.g.
    /// <c>"HRCI": ["SECURITY"]</c>. Default: none — every personal-data column is masked for everyone.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ClearTextGrants { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}
