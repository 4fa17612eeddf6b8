using System.Text.Json;
using Obscura.Core.Diagnostics;
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

    /// <summary>
    /// Reads a <c>profile.json</c> back. Values typed <see cref="object"/> in the model (<c>min</c>, <c>max</c>,
    /// <c>mean</c>, histogram bounds) come back as <see cref="JsonElement"/>s: <see cref="ProfileValue"/> reads them.
    /// </summary>
    /// <exception cref="ObscuraConfigException">The text is not a profile (with the JSON path of the first problem).</exception>
    public static ProfileReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<ProfileReport>(json, Options) ?? throw Invalid("$", null, "the profile is null");
        }
        catch (JsonException ex)
        {
            // The serializer's message names the path and position, never the offending value.
            throw Invalid(ex.Path ?? "$", ex.LineNumber + 1, FirstSentence(ex.Message));
        }
    }

    /// <summary>Reads a <c>profile.json</c> file (see <see cref="Deserialize"/>).</summary>
    /// <exception cref="ObscuraConfigException">The file is missing, unreadable or not a profile (<see cref="DiagnosticCodes.InvalidProfile"/>).</exception>
    public static async Task<ProfileReport> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObscuraConfigException("the profile cannot be read",
                [new Diagnostic(Severity.Error, path, DiagnosticCodes.InvalidProfile, $"{(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : "the file cannot be read")}: write one with 'obscura profile --source URI --out DIR' (DIR/profile.json)")]);
        }
        return Deserialize(text);
    }

    private static ObscuraConfigException Invalid(string path, long? line, string message) =>
        new("the profile cannot be read", [new Diagnostic(Severity.Error, path, DiagnosticCodes.InvalidProfile, message) { Line = line is { } l ? (int)l : null }]);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
