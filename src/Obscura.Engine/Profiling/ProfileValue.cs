using System.Globalization;
using System.Text.Json;

namespace Obscura.Engine.Profiling;

/// <summary>
/// Reads the loosely typed values of a profile (<see cref="ColumnProfile.Min"/>, histogram bounds, ...), whether they
/// come from a run (numbers, strings) or from <see cref="ProfileJson.Deserialize"/> (<see cref="JsonElement"/>s).
/// </summary>
public static class ProfileValue
{
    /// <summary>The value as a number, or null when it is absent or not a number.</summary>
    public static double? AsNumber(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement => null,
        string => null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The value as text, or null when absent.</summary>
    public static string? AsText(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement e => e.GetRawText(),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
