using System.Text.Json;
using Obscura.Core.Schema;

namespace Obscura.Data.Tests.Infrastructure;

/// <summary>Compares canonical values with the precision every engine keeps: microseconds for times, JSON by structure.</summary>
public static class ValueAssert
{
    /// <summary>True when two canonical values of <paramref name="type"/> are the same stored value.</summary>
    public static bool AreSame(object? expected, object? actual, TypeClass type)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case DateTime e when actual is DateTime a:
                return Math.Abs((e - a).Ticks) < 10;
            case DateTimeOffset e when actual is DateTimeOffset a:
                return Math.Abs((e - a).Ticks) < 10;
            case TimeSpan e when actual is TimeSpan a:
                return Math.Abs((e - a).Ticks) < 10;
            case string e when type == TypeClass.Json && actual is string a:
                using (var x = JsonDocument.Parse(e))
                using (var y = JsonDocument.Parse(a))
                {
                    return JsonElement.DeepEquals(x.RootElement, y.RootElement);
                }
            case byte[] e:
                return actual is byte[] b && e.AsSpan().SequenceEqual(b);
            default:
                return Equals(expected, actual);
        }
    }

    /// <summary>Asserts <see cref="AreSame"/>, naming the place (never printing long values).</summary>
    public static void Same(object? expected, object? actual, TypeClass type, string where)
    {
        if (AreSame(expected, actual, type)) return;
        static string Show(object? v) => v switch
        {
            null => "NULL",
            string s when s.Length > 60 => $"<{s.Length} chars>",
            byte[] b => $"<{b.Length} bytes>",
            _ => $"{v} ({v.GetType().Name})",
        };
        Assert.Fail($"{where}: expected {Show(expected)}, got {Show(actual)}");
    }
}
