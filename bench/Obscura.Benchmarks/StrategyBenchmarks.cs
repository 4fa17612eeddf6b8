using BenchmarkDotNet.Attributes;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Benchmarks;

/// <summary>Values per second of each strategy on one core (OperationsPerInvoke = values per call).</summary>
[MemoryDiagnoser]
public class StrategyBenchmarks
{
    private const int N = 10_000;
    private readonly StrategyRegistry _registry = StrategyRegistry.CreateDefault();
    private readonly RunSecret _secret = RunSecret.FromText("benchmark-secret-0123456789");
    private object[] _names = null!;
    private object[] _ids = null!;
    private object[] _phones = null!;
    private object[] _dates = null!;
    private object[] _digits = null!;
    private object[] _prose = null!;
    private byte[][] _nameBytes = null!, _phoneBytes = null!;
    private readonly byte[] _output = new byte[256];
    private IColumnTransformer _hashText = null!, _hashInt = null!, _mask = null!, _hashDate = null!;
    private IColumnTransformer _fakerEmail = null!, _fakerName = null!, _fpe = null!, _dateShift = null!, _textPii = null!;

    /// <summary>Bytes of text per <see cref="TextPii"/> call, for MB/s.</summary>
    public const int ProseBytes = 1024;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _names = Enumerable.Range(0, N).Select(i => (object)$"Surname{random.Next(1_000_000)}").ToArray();
        _ids = Enumerable.Range(0, N).Select(i => (object)(long)random.Next()).ToArray();
        _phones = Enumerable.Range(0, N).Select(i => (object)$"+91 9{random.Next(1000, 9999)} {random.Next(10000, 99999)}").ToArray();
        _dates = Enumerable.Range(0, N).Select(i => (object)new DateOnly(1950, 1, 1).AddDays(random.Next(25_000))).ToArray();
        _nameBytes = _names.Select(n => System.Text.Encoding.UTF8.GetBytes((string)n)).ToArray();
        _phoneBytes = _phones.Select(n => System.Text.Encoding.UTF8.GetBytes((string)n)).ToArray();
        _hashText = Bind("hash", new Column { Name = "surname", DeclaredType = "varchar(40)", TypeClass = TypeClass.Text, MaxLength = 40 });
        _hashInt = Bind("hash", new Column { Name = "id", DeclaredType = "bigint", TypeClass = TypeClass.Integer, IntegerBits = 64 });
        _hashDate = Bind("hash", new Column { Name = "born", DeclaredType = "date", TypeClass = TypeClass.Date });
        _digits = Enumerable.Range(0, N).Select(i => (object)random.NextInt64(1_000_000_000L, 9_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // ~1 KB of prose with a phone number and an email in one text of four.
        _prose = Enumerable.Range(0, 64).Select(i => (object)(
            (i % 4 == 0 ? $"Call +91 98765 {10000 + i} or write to person{i}@example.org. " : "Follow-up in 2 weeks, dose 500 mg on 2024-01-15. ")
            + string.Concat(Enumerable.Repeat("The patient reported mild symptoms after the second dose and was advised rest. ", 14))).Substring(0, ProseBytes)).ToArray();
        var text = new Column { Name = "t", DeclaredType = "text", TypeClass = TypeClass.Text };
        _fakerEmail = Bind("faker", new Column { Name = "email", DeclaredType = "varchar(120)", TypeClass = TypeClass.Text, MaxLength = 120 },
            new Dictionary<string, object?> { ["kind"] = "email" });
        _fakerName = Bind("faker", new Column { Name = "first", DeclaredType = "varchar(40)", TypeClass = TypeClass.Text, MaxLength = 40 },
            new Dictionary<string, object?> { ["kind"] = "first_name", ["locale"] = "en_IND" });
        _fpe = Bind("fpe", new Column { Name = "acct", DeclaredType = "varchar(10)", TypeClass = TypeClass.Text, MaxLength = 10 });
        _dateShift = Bind("date_shift", new Column { Name = "born", DeclaredType = "date", TypeClass = TypeClass.Date });
        _textPii = Bind("text_pii", text);
        _mask = Bind("mask", new Column { Name = "phone", DeclaredType = "varchar(24)", TypeClass = TypeClass.Text, MaxLength = 24 },
            new Dictionary<string, object?> { ["keep_last"] = 2L });
    }

    private IColumnTransformer Bind(string strategy, Column column, Dictionary<string, object?>? args = null)
    {
        var definition = _registry.Find(strategy)!;
        var values = new Dictionary<string, object?>();
        foreach (var p in definition.Parameters) values[p.Name] = p.Default;
        if (args is not null) foreach (var (k, v) in args) values[k] = v;
        return definition.Create(new StrategyBinding
        {
            Table = new TableName(null, "t"), Column = column, Arguments = new StrategyArguments(values), Secret = _secret,
        });
    }

    private static object? Run(IColumnTransformer t, object[] values)
    {
        object? last = null;
        foreach (var v in values) last = t.Transform(v);
        return last;
    }

    private int RunUtf8(IColumnTransformer t, byte[][] values)
    {
        var utf8 = (IUtf8TextTransformer)t;
        var written = 0;
        foreach (var v in values) written += utf8.TransformUtf8(v, _output);
        return written;
    }

    [Benchmark(OperationsPerInvoke = N)] public object? HashText() => Run(_hashText, _names);
    // The same transforms on UTF-8 wire bytes (PostgreSQL to PostgreSQL copies): no string in, no string out.
    [Benchmark(OperationsPerInvoke = N)] public int HashTextUtf8() => RunUtf8(_hashText, _nameBytes);
    [Benchmark(OperationsPerInvoke = N)] public int MaskPhoneUtf8() => RunUtf8(_mask, _phoneBytes);
    [Benchmark(OperationsPerInvoke = N)] public object? HashInteger() => Run(_hashInt, _ids);
    [Benchmark(OperationsPerInvoke = N)] public object? HashDate() => Run(_hashDate, _dates);
    [Benchmark(OperationsPerInvoke = N)] public object? MaskPhone() => Run(_mask, _phones);
    [Benchmark(OperationsPerInvoke = N)] public object? FakerEmail() => Run(_fakerEmail, _names);
    [Benchmark(OperationsPerInvoke = N)] public object? FakerFirstName() => Run(_fakerName, _names);
    [Benchmark(OperationsPerInvoke = N)] public object? FpeFf1TenDigits() => Run(_fpe, _digits);
    [Benchmark(OperationsPerInvoke = N)] public object? DateShift() => Run(_dateShift, _dates);
    /// <summary>One call scrubs 64 texts of 1 KB: MB/s = 64 KB / mean.</summary>
    [Benchmark] public object? TextPii() => Run(_textPii, _prose);
}
