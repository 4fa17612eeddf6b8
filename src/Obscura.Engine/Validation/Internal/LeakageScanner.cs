using System.Data.Common;
using Obscura.Core.Config;
using Obscura.Core.Schema;

namespace Obscura.Engine.Validation.Internal;

/// <summary>Reads originals into a <see cref="LeakageFingerprints"/> and scans target text for them, tables in parallel.</summary>
internal static class LeakageScanner
{
    /// <summary>Column classes whose values are collected as originals.</summary>
    public static bool Collectable(Column column) => column.TypeClass is not (TypeClass.Boolean or TypeClass.Binary);

    /// <summary>Column classes scanned in the target.</summary>
    public static bool Scannable(Column column) => column.TypeClass is TypeClass.Text or TypeClass.Json or TypeClass.Other;

    public static async Task<LeakageFingerprints> CollectAsync(
        DatabaseEndpoint source, IReadOnlyList<Table> tables, TransformPlan plan, ValidationOptions options, CancellationToken ct)
    {
        var set = new LeakageFingerprints(options.Leakage, options.FingerprintMemoryBytes);
        try
        {
            await Parallel.ForEachAsync(tables.OrderByDescending(t => t.RowEstimate), new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = ct },
                async (table, token) =>
                {
                    var names = plan.For(table.Name).Select(t => t.Column).ToHashSet(StringComparer.Ordinal);
                    var columns = table.Columns.Where(c => names.Contains(c.Name) && Collectable(c)).ToList();
                    if (columns.Count == 0) return;
                    await using var conn = await source.OpenAsync(token).ConfigureAwait(false);
                    await using var reader = await source.Provider.ReadAsync(conn, source.Dialect.SelectColumns(table.Name, columns), token).ConfigureAwait(false);
                    await RowPump.RunAsync(reader, Workers(options), batch =>
                    {
                        var tokens = _tokens ??= new TextTokens();
                        var values = batch.Values;
                        var cells = batch.Rows * batch.Fields;
                        var fingerprints = new ulong[cells];
                        var held = 0;
                        for (var i = 0; i < cells; i++)
                        {
                            if (values[i] is { } v && set.TryFingerprint(v, tokens, out var f)) fingerprints[held++] = f;
                        }
                        set.AddRange(fingerprints.AsSpan(0, held));
                    }, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>Per scanned column: cells scanned, cells holding an original, and the first examples.</summary>
    public sealed class ColumnResult(string table, string column, bool transformed, int examples)
    {
        private long _cells;
        private long _hits;
        public string Table { get; } = table;
        public string Column { get; } = column;
        public bool Transformed { get; } = transformed;
        public long Cells => Interlocked.Read(ref _cells);
        public long Hits => Interlocked.Read(ref _hits);
        public ExampleCollector Examples { get; } = new(examples);
        public void Count(long cells, long hits)
        {
            Interlocked.Add(ref _cells, cells);
            Interlocked.Add(ref _hits, hits);
        }
    }

    public static async Task<(IReadOnlyList<ColumnResult> Columns, long Rows)> ScanAsync(
        DatabaseEndpoint target, IReadOnlyList<ScanTarget> tables, LeakageFingerprints set, ValidationOptions options, CancellationToken ct)
    {
        set.Seal();
        var results = new List<ColumnResult>();
        long rows = 0;
        var work = new List<(ScanTarget Table, ColumnResult[] Columns)>();
        foreach (var t in tables)
        {
            var columns = t.Columns.Select(c => new ColumnResult(t.Table.Name.ToString(), c.Name, t.Transformed.Contains(c.Name), options.MaxExamples)).ToArray();
            results.AddRange(columns);
            work.Add((t, columns));
        }
        await Parallel.ForEachAsync(work.OrderByDescending(w => w.Table.Table.RowEstimate), new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = ct },
            async (w, token) =>
            {
                var keys = w.Table.Keys;
                var select = keys.Select(k => w.Table.Table.FindColumn(k)!).Concat(w.Table.Columns).ToList();
                await using var conn = await target.OpenAsync(token).ConfigureAwait(false);
                await using var reader = await target.Provider.ReadAsync(conn, target.Dialect.SelectColumns(w.Table.Table.Name, select), token).ConfigureAwait(false);
                var scanned = await RowPump.RunAsync(reader, Workers(options), batch => ScanBatch(batch, keys, w.Columns, set), token).ConfigureAwait(false);
                Interlocked.Add(ref rows, scanned);
            }).ConfigureAwait(false);
        return (results, rows);
    }

    [ThreadStatic]
    private static TextTokens? _tokens;

    private static void ScanBatch(RowBatch batch, IReadOnlyList<string> keys, ColumnResult[] columns, LeakageFingerprints set)
    {
        var tokens = _tokens ??= new TextTokens();
        var values = batch.Values;
        var k = keys.Count;
        Span<long> cells = stackalloc long[columns.Length];
        Span<long> hits = stackalloc long[columns.Length];
        for (var row = 0; row < batch.Rows; row++)
        {
            var offset = row * batch.Fields;
            for (var c = 0; c < columns.Length; c++)
            {
                if (values[offset + k + c] is not string text || text.Length == 0) continue;
                cells[c]++;
                if (!Leaks(text, tokens, set)) continue;
                hits[c]++;
                var position = batch.FirstRow + row;
                var result = columns[c];
                if (!result.Examples.Wants(position)) continue;
                var key = k == 0 ? KeyText.Row(position) : KeyText.Format(keys, values.AsSpan(offset, k));
                result.Examples.Add(position, new ValidationExample(result.Table, result.Column, key));
            }
        }
        for (var c = 0; c < columns.Length; c++) columns[c].Count(cells[c], hits[c]);
    }

    private static bool Leaks(string text, TextTokens tokens, LeakageFingerprints set)
    {
        if (JsonText.LooksLikeJson(text) && JsonText.Decode(text) is { } json)
        {
            tokens.Load(json.Text);
            return set.Matches(tokens) || set.MatchesLoneWord(json.Strings, tokens);
        }
        tokens.Load(text);
        return set.Matches(tokens);
    }

    // As many hashing workers as cores: the reading task mostly waits on the network and the driver's buffers.
    private static int Workers(ValidationOptions options) => Math.Max(1, Math.Min(options.Jobs, Environment.ProcessorCount));

    /// <summary>Reads a scalar as a long (drivers return int, long or decimal for counts and sums).</summary>
    public static long ToInt64(object? value) =>
        value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a query and formats each row's values as a key.</summary>
    public static async Task<List<string>> KeysAsync(DbConnection conn, string sql, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var result = new List<string>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var values = new object?[Math.Max(keys.Count, 1)];
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (keys.Count == 0)
            {
                result.Add(KeyText.NoKey);
                continue;
            }
            for (var i = 0; i < keys.Count; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            result.Add(KeyText.Format(keys, values));
        }
        return result;
    }
}
