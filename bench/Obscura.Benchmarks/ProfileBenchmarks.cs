using System.Globalization;
using BenchmarkDotNet.Attributes;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Profiling;

namespace Obscura.Benchmarks;

/// <summary>
/// Profiling cost per row on one core, without a database: the 9-column shape of bench/copy-vs-raw.sh's customers table
/// (bigint, 6 varchars, date, timestamptz; same value patterns) read from memory through typed getters into every sketch.
/// rows/s per core = 1e9 / mean ns per row. bench/profile-throughput.sh measures the same table end to end from PostgreSQL.
/// </summary>
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private const int Rows = 200_000;
    private Table _table = null!;
    private object?[][] _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        static Column Text(string name) => new() { Name = name, DeclaredType = "varchar(120)", TypeClass = TypeClass.Text };
        _table = new Table
        {
            Name = new TableName("public", "customers"),
            Columns =
            [
                new Column { Name = "id", DeclaredType = "bigint", TypeClass = TypeClass.Integer, IntegerBits = 64 },
                Text("first_name"), Text("last_name"), Text("email"), Text("phone"),
                new Column { Name = "birth_date", DeclaredType = "date", TypeClass = TypeClass.Date },
                Text("address"), Text("city"),
                new Column { Name = "created_at", DeclaredType = "timestamptz", TypeClass = TypeClass.DateTimeOffset },
            ],
        };
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _data = Enumerable.Range(1, Rows).Select(g => new object?[]
        {
            (long)g, "First" + (g % 5003).ToString(CultureInfo.InvariantCulture), "Last" + (g % 20011).ToString(CultureInfo.InvariantCulture),
            "user" + g.ToString(CultureInfo.InvariantCulture) + "@example.com", "+1 555 " + ((long)g * 7919 % 10_000_000).ToString("D7", CultureInfo.InvariantCulture),
            new DateOnly(1940, 1, 1).AddDays(g % 25000), (g % 9999).ToString(CultureInfo.InvariantCulture) + " Main Street, Apt " + (g % 97).ToString(CultureInfo.InvariantCulture),
            "City" + (g % 1013).ToString(CultureInfo.InvariantCulture), epoch.AddSeconds(g * 13.7),
        }).ToArray();
    }

    /// <summary>Reading alone: the floor the sketches add to.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long ReadOnly()
    {
        using var reader = new RowSourceReader(_table.Columns, _data);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.GetInt64(0) + reader.GetString(3).Length + reader.GetFieldValue<DateOnly>(5).DayNumber;
            for (var i = 1; i <= 7; i++) if (i != 5) sum += reader.GetString(i).Length;
        }
        return sum;
    }

    /// <summary>Every column through every sketch (distinct, top values, min/max, mean, lengths, shapes, histograms).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long Profile()
    {
        using var reader = new RowSourceReader(_table.Columns, _data);
        var profiler = new TableProfiler(_table);
        profiler.ReadAllAsync(reader, dynamic: false).GetAwaiter().GetResult();
        return profiler.Rows;
    }
}
