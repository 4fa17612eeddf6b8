using System.Text;
using FsCheck.Xunit;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Profiling;
using Obscura.Engine.Profiling.Internal;

namespace Obscura.Engine.Tests.Profiling;

/// <summary>The text profiler's shortcuts (8-byte prefixes for min/max, shapes from UTF-8 bytes) against plain definitions.</summary>
public sealed class TextProfileTests
{
    [Property(MaxTest = 1000)]
    public bool Prefixes_that_differ_order_as_the_values_do(byte[]? a, byte[]? b, byte shared)
    {
        // Long shared starts and short values (below 8 bytes, zero bytes included) are where a prefix could mislead.
        var common = Enumerable.Repeat((byte)'x', shared % 12).ToArray();
        byte[] x = [.. common, .. a ?? []], y = [.. common, .. b ?? []];
        var (px, py) = (TextAccumulator.Prefix(x), TextAccumulator.Prefix(y));
        return px == py || Math.Sign(px.CompareTo(py)) == Math.Sign(x.AsSpan().SequenceCompareTo(y));
    }

    [Property(MaxTest = 200)]
    public bool Min_max_and_lengths_are_those_of_the_values_by_code_point(string?[]? values)
    {
        var column = new Column { Name = "t", DeclaredType = "text", TypeClass = TypeClass.Text };
        var table = new Table { Name = new TableName(null, "t"), Columns = [column] };
        // Values sharing long starts, as real columns do (the prefix alone cannot tell them apart).
        var rows = (values ?? []).Select(v => v is null ? null : "same-start-" + v).ToList();
        var profiler = new TableProfiler(table);
        profiler.ReadAll(new RowSourceReader(table.Columns, rows.Select(v => new object?[] { v })), dynamic: false);
        var profile = profiler.ToProfiles((_, _) => false, new ProfileOptions { Source = DatabaseUri.Parse("sqlite::memory:", null) })[0];
        var present = rows.OfType<string>().Select(v => Encoding.UTF8.GetBytes(v)).ToList();
        if (present.Count == 0) return profile.Min is null && profile.Max is null;
        var min = present.Aggregate((m, v) => v.AsSpan().SequenceCompareTo(m) < 0 ? v : m);
        var max = present.Aggregate((m, v) => v.AsSpan().SequenceCompareTo(m) > 0 ? v : m);
        var lengths = rows.OfType<string>().Select(v => v.Length).ToList();
        return Equals(profile.Min, TextAccumulator.Cut(Encoding.UTF8.GetString(min)))
            && Equals(profile.Max, TextAccumulator.Cut(Encoding.UTF8.GetString(max)))
            && profile.Length!.Min == lengths.Min() && profile.Length.Max == lengths.Max();
    }
}
