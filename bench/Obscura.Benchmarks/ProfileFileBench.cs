using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data.Postgres.Internal;
using Obscura.Engine.Profiling;

/// <summary>
/// The profiler's own cost per row, without a server: a file written by <c>COPY customers TO ... (FORMAT BINARY)</c>
/// (bench/profile-throughput.sh's table) is held in memory and read through the same raw reader and sketches as
/// <c>obscura profile</c>, once per pass. Prints CPU seconds and bytes allocated per pass; the first pass includes the JIT
/// as a real run does. Not a BenchmarkDotNet benchmark: run by hand (see bench/profile-throughput.sh).
/// </summary>
internal static class ProfileFileBench
{
    public static int Run(string[] args)
    {
        // profile-file FILE [PASSES] [async]
        var bytes = File.ReadAllBytes(args[1]);
        var passes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var useAsync = args.Length > 3 && args[3] == "async";
        var table = CustomersTable();
        for (var pass = 0; pass < passes; pass++)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            using var reader = PostgresRawReader.Over(new MemoryStream(bytes, writable: false), table);
            var profiler = new TableProfiler(table);
            if (useAsync) profiler.ReadAllAsync(reader, dynamic: false).GetAwaiter().GetResult();
            else profiler.ReadAll(reader, dynamic: false);
            var seconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            var wall = clock.Elapsed.TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass {pass}: {profiler.Rows} rows  {wall:F3} s wall  {seconds:F3} s CPU  {profiler.Rows / seconds,10:F0} rows per CPU-second  {allocated / 1024.0:F0} KiB allocated"));
        }
        return 0;
    }

    private static Table CustomersTable()
    {
        static Column Text(string name) => new() { Name = name, DeclaredType = "varchar(120)", TypeClass = TypeClass.Text };
        return new Table
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
            PrimaryKey = new UniqueKey("customers_pkey", ["id"]),
            UniqueKeys = [new UniqueKey("customers_email_key", ["email"])],
        };
    }
}
