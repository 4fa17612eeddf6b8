using System.Text.Json;
using System.Text.Json.Serialization;

namespace Obscura.Engine.Validation;

/// <summary><c>validation-report.json</c>: snake_case, enums as snake_case strings, nulls omitted.</summary>
public static class ValidationJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(ValidationReport report) => JsonSerializer.Serialize(report, Options);
}
