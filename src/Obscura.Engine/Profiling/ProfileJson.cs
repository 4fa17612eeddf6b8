using System.Text.Json;
using System.Text.Json.Serialization;

namespace Obscura.Engine.Profiling;

/// <summary><c>profile.json</c>: snake_case, enums as snake_case strings, nulls omitted (as <c>obscura inspect</c>'s catalog).</summary>
public static class ProfileJson
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
    public static string Serialize(ProfileReport report) => JsonSerializer.Serialize(report, Options);
}
