using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// Numbers in a column's own units (see <see cref="HistogramValueSpec"/>): plain numbers for numeric columns, days since
/// 1970-01-01 for dates, seconds since 1970-01-01 UTC for timestamps, seconds for times; and back to canonical values.
/// </summary>
internal static class ScalarUnits
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>True for the classes whose values are numbers in some unit.</summary>
    public static bool IsScalar(TypeClass type) => type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float
        or TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time;

    /// <summary>The canonical value of <paramref name="v"/> (in the column's units), rounded to <paramref name="scale"/> decimals for numbers.</summary>
    public static object ToValue(double v, int scale, TypeClass type) => type switch
    {
        TypeClass.Integer => (long)Math.Round(v, MidpointRounding.AwayFromZero),
        TypeClass.Decimal => Math.Round((decimal)v, Math.Clamp(scale, 0, 28), MidpointRounding.AwayFromZero),
        TypeClass.Float => Math.Round(v, Math.Clamp(scale, 0, 15)),
        TypeClass.Date => DateOnly.FromDayNumber(EpochDay + (int)Math.Floor(v)),
        TypeClass.DateTime => Epoch.AddSeconds(Math.Floor(v)),
        TypeClass.DateTimeOffset => new DateTimeOffset(Epoch.AddSeconds(Math.Floor(v)), TimeSpan.Zero),
        TypeClass.Time => TimeSpan.FromSeconds(Math.Clamp(Math.Floor(v), 0, 86_399)),
        TypeClass.Boolean => v >= 0.5,
        _ => Math.Round(v, Math.Clamp(scale, 0, 15)).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A date or timestamp in the column's units (days for dates, seconds otherwise).</summary>
    public static double FromDate(DateTime value, TypeClass type) => type == TypeClass.Date
        ? DateOnly.FromDateTime(value).DayNumber - EpochDay
        : (value - Epoch).TotalSeconds;
}
