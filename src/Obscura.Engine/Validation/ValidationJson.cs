using System.Text.Json;

namespace Obscura.Engine.Validation;

/// <summary><c>validation-report.json</c>: snake_case, enums as snake_case strings, nulls omitted.</summary>
public static class ValidationJson
{
    /// <summary>The serializer options (the same as <c>profile.json</c>'s).</summary>
    public static JsonSerializerOptions Options => Profiling.ProfileJson.Options;

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(ValidationReport report) => JsonSerializer.Serialize(report, Options);
}
