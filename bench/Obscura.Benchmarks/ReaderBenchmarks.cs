using BenchmarkDotNet.Attributes;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Copy;

namespace Obscura.Benchmarks;

/// <summary>
/// Cost of the transforming reader per row: pass-through columns must add no allocation
/// (MemoryDiagnoser: bytes per row with every column passed through ≈ the source reader's own).
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private const int Rows = 100_000;
    private Column[] _columns = null!;
    private object?[][] _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _columns =
        [
            new Column { Name = "id", DeclaredType = "bigint", TypeClass = TypeClass.Integer, IntegerBits = 64 },
            new Column { Name = "name", DeclaredType = "text", TypeClass = TypeClass.Text },
            new Column { Name = "born", DeclaredType = "date", TypeClass = TypeClass.Date },
        ];
        _data = Enumerable.Range(0, Rows).Select(i => new object?[] { (long)i, "name" + i, new DateOnly(2000, 1, 1) }).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long SourceReaderOnly()
    {
        using var reader = new RowSourceReader(_columns, _data);
        long sum = 0;
        while (reader.Read()) sum += reader.GetInt64(0) + reader.GetString(1).Length;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long PassThrough()
    {
        using var reader = new TransformingDataReader(new RowSourceReader(_columns, _data), _columns, new IColumnTransformer?[3]);
        long sum = 0;
        while (reader.Read()) sum += reader.GetInt64(0) + reader.GetString(1).Length;
        return sum;
    }
}
