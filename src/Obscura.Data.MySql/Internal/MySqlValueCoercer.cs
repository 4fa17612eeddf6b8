using System.Text.Json;
using MySqlConnector;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Turns values from any engine's driver (or canonical values) into what MySqlBulkCopy and MySqlConnector parameters
/// write correctly for a column's storage. Values that already suit the column pass through untouched, so same-engine
/// copies pay one type test per value.
/// </summary>
internal static class MySqlValueCoercer
{
    /// <summary>Converts a non-null value for a column of <paramref name="storage"/>.</summary>
    /// <exception cref="FormatException">The value cannot represent the column's type (the message may hold the value: do not surface it).</exception>
    /// <exception cref="InvalidCastException">Likewise.</exception>
    /// <exception cref="OverflowException">Likewise.</exception>
    public static object Coerce(object value, MySqlStorage storage) => storage switch
    {
        MySqlStorage.Text => value switch
        {
            string => value,
            JsonDocument d => d.RootElement.GetRawText(),
            _ => ValueCoercion.ToText(value),
        },
        MySqlStorage.Json => value switch
        {
            string => value,
            JsonDocument d => d.RootElement.GetRawText(),
            JsonElement e => e.GetRawText(),
            _ => ValueCoercion.ToText(value),
        },
        MySqlStorage.Integer or MySqlStorage.Bit or MySqlStorage.Year => value switch
        {
            long or int or short or sbyte or byte or ushort or uint or ulong or bool => value,
            // A whole decimal becomes an integer; a fraction goes to the server, which rounds it or warns.
            decimal m when decimal.Truncate(m) == m => m >= 0 ? (object)decimal.ToUInt64(m) : decimal.ToInt64(m),
            decimal => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Integer)!,
        },
        // Strings pass so decimals wider than System.Decimal (read as text) keep every digit; the server parses them.
        MySqlStorage.Decimal => value switch
        {
            decimal or string or long or int or short or sbyte or byte or ushort or uint or ulong or double or float or MySqlDecimal => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Decimal)!,
        },
        MySqlStorage.Float => value switch
        {
            double or float or decimal or long or int or short or sbyte or byte or ushort or uint or ulong => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Float)!,
        },
        MySqlStorage.Boolean or MySqlStorage.BitBoolean => value switch
        {
            bool or long or int or short or sbyte or byte or ushort or uint or ulong => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Boolean)!,
        },
        MySqlStorage.Date => value switch
        {
            DateOnly or MySqlDateTime => value,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => ValueCoercion.ToCanonical(value, TypeClass.Date)!,
        },
        // DATETIME holds UTC for instants: the session runs at +00:00, so TIMESTAMP agrees.
        MySqlStorage.DateTime => value switch
        {
            DateTime dt => ToUtc(dt),
            DateTimeOffset o => o.UtcDateTime,
            DateOnly or MySqlDateTime => value,
            // Text with an offset parses to local time: bring it back to UTC.
            _ => ToUtc((DateTime)ValueCoercion.ToCanonical(value, TypeClass.DateTime)!),
        },
        MySqlStorage.Time => value switch
        {
            TimeSpan or TimeOnly => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Time)!,
        },
        MySqlStorage.Uuid => value switch
        {
            string => value,
            Guid g => g.ToString("D"),
            _ => ((Guid)ValueCoercion.ToCanonical(value, TypeClass.Uuid)!).ToString("D"),
        },
        MySqlStorage.Binary or MySqlStorage.Spatial => value switch
        {
            byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte> or MySqlGeometry => value,
            _ => ValueCoercion.ToCanonical(value, TypeClass.Binary)!,
        },
        _ => value,
    };

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
