using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Generate.Profiled.Internal;

/// <summary>
/// Converts a profile's histogram bounds to <see cref="HistogramValueSpec"/>'s units: numbers as they are, dates to days
/// since 1970-01-01, date-times and instants to seconds since 1970-01-01 (UTC), times of day to seconds.
/// </summary>
internal static class ProfileUnits
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The bound in spec units; null when absent (withheld) or unreadable.</summary>
    public static double? ToSpecUnit(object? bound, TypeClass typeClass)
    {
        if (ProfileValue.AsNumber(bound) is { } number) return number;
        if (ProfileValue.AsText(bound) is not { } text) return null;
        switch (typeClass)
        {
            case TypeClass.Date:
                return DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                    ? Math.Floor((date - Epoch).TotalDays) : null;
            case TypeClass.Time:
                return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var time) ? time.TotalSeconds : null;
            case TypeClass.DateTime or TypeClass.DateTimeOffset:
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                    ? (instant - Epoch).TotalSeconds : null;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }
    }
}
