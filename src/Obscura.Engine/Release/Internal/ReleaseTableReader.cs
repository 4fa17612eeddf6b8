using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Release.Internal;

/// <summary>One quasi-identifier to read: its column and, for a categorical one, its hierarchy.</summary>
internal sealed record QuasiIdentifierColumn(Column Column, Hierarchy? Hierarchy, string? HierarchyFile);

/// <summary>The table a release works on, in memory: codes for the searches, the values written back unchanged.</summary>
internal sealed record LoadedTable(EncodedTable Encoded, IReadOnlyList<object?> SensitiveValues, IReadOnlyList<object?[]> Kept);

/// <summary>
/// Streams the release's columns from the source once and encodes them: a categorical value becomes its hierarchy
/// leaf's code, a numeric value its rank among the column's distinct values, a sensitive value its rank among the
/// sensitive column's distinct values (numeric order for numbers, ordinal text otherwise; the leaf order of its
/// hierarchy when t-closeness measures with one). Kept columns are held as values. Memory: O(rows × QIs) ints plus the
/// kept values.
/// </summary>
internal static class ReleaseTableReader
{
    private const int MaxReported = 20;

    public static bool IsNumeric(TypeClass type) => type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float;

    public static async Task<LoadedTable> ReadAsync(
        DatabaseEndpoint source, Table table, IReadOnlyList<QuasiIdentifierColumn> qis, Column? sensitive, Hierarchy? sensitiveHierarchy,
        IReadOnlyList<Column> keep, ICopyProgress progress, CancellationToken ct)
    {
        var columns = qis.Select(q => q.Column).Concat(sensitive is null ? [] : [sensitive]).Concat(keep).ToList();
        var diagnostics = new DiagnosticBag();
        var reported = 0;
        var categorical = qis.Select(q => q.Hierarchy is null ? null : new List<int>()).ToArray();
        var numeric = qis.Select(q => q.Hierarchy is null ? new List<double>() : null).ToArray();
        var numericText = qis.Select(q => q.Hierarchy is null ? new Dictionary<double, string>() : null).ToArray();
        var sensitiveIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var sensitiveValues = new List<object?>();
        var sensitiveCodes = new List<int>();
        var kept = new List<object?[]>();
        long row = 0;

        await using (var conn = await source.OpenAsync(ct).ConfigureAwait(false))
        {
            await using var reader = await source.Provider.ReadAsync(conn, source.Dialect.SelectColumns(table.Name, columns), ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                row++;
                for (var q = 0; q < qis.Count; q++)
                {
                    var column = qis[q].Column;
                    var raw = reader.GetValue(q);
                    if (raw is DBNull)
                    {
                        Report(column.Name, "is NULL: a quasi-identifier needs a value in every row");
                        categorical[q]?.Add(0);
                        numeric[q]?.Add(0);
                        continue;
                    }
                    var value = ValueCoercion.ToCanonical(raw, column.TypeClass)!;
                    if (qis[q].Hierarchy is { } h)
                    {
                        var leaf = h.LeafOf(ValueCoercion.ToText(value));
                        if (leaf < 0) Report(column.Name, $"holds a value its hierarchy {qis[q].HierarchyFile} does not cover");
                        categorical[q]!.Add(Math.Max(leaf, 0));
                    }
                    else
                    {
                        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                        if (!double.IsFinite(number)) Report(column.Name, "holds a value that is not a finite number");
                        numeric[q]!.Add(number);
                        numericText[q]!.TryAdd(number, ValueCoercion.ToText(value));
                    }
                }
                var next = qis.Count;
                if (sensitive is not null)
                {
                    var raw = reader.GetValue(next++);
                    var value = raw is DBNull ? null : ValueCoercion.ToCanonical(raw, sensitive.TypeClass);
                    var key = value is null ? "\0null" : ValueCoercion.ToText(value);
                    if (!sensitiveIds.TryGetValue(key, out var id))
                    {
                        id = sensitiveValues.Count;
                        sensitiveIds[key] = id;
                        sensitiveValues.Add(value);
                    }
                    sensitiveCodes.Add(id);
                }
                if (keep.Count > 0)
                {
                    var values = new object?[keep.Count];
                    for (var i = 0; i < keep.Count; i++)
                    {
                        var raw = reader.GetValue(next + i);
                        values[i] = raw is DBNull ? null : ValueCoercion.ToCanonical(raw, keep[i].TypeClass);
                    }
                    kept.Add(values);
                }
                if (row % 10_000 == 0) progress.RowsCopied(table.Name, row);
                if (reported >= MaxReported) break;
            }
        }
        progress.RowsCopied(table.Name, row);
        diagnostics.ThrowIfErrors($"table {table.Name} cannot be released");

        var rows = checked((int)row);
        var domains = new AttributeDomain[qis.Count];
        var codes = new int[qis.Count][];
        for (var q = 0; q < qis.Count; q++)
        {
            if (qis[q].Hierarchy is { } h)
            {
                domains[q] = new CategoricalDomain(qis[q].Column.Name, h);
                codes[q] = [.. categorical[q]!];
                continue;
            }
            var distinct = numericText[q]!.Keys.Order().ToArray();
            var domain = new NumericDomain(qis[q].Column.Name, distinct, distinct.Select(v => numericText[q]![v]).ToArray());
            domains[q] = domain;
            var values = numeric[q]!;
            codes[q] = new int[rows];
            for (var r = 0; r < rows; r++) codes[q][r] = domain.CodeOf(values[r]);
        }

        int[]? sensitiveByRow = null;
        var sensitiveOrdered = (IReadOnlyList<object?>)sensitiveValues;
        var sensitiveCount = 0;
        if (sensitive is not null)
        {
            // Codes in the order t-closeness's distances need: hierarchy leaves, numbers ascending, or ordinal text.
            var order = new int[sensitiveValues.Count];
            var ordered = new object?[sensitiveHierarchy?.Leaves.Count ?? sensitiveValues.Count];
            if (sensitiveHierarchy is not null)
            {
                for (var i = 0; i < sensitiveValues.Count; i++)
                {
                    var leaf = sensitiveValues[i] is null ? -1 : sensitiveHierarchy.LeafOf(ValueCoercion.ToText(sensitiveValues[i]!));
                    if (leaf < 0)
                    {
                        diagnostics.Error(sensitive.Name, DiagnosticCodes.HierarchyNotCovering, $"column \"{sensitive.Name}\" holds a value (or NULL) its hierarchy does not cover");
                        break;
                    }
                    order[i] = leaf;
                    ordered[leaf] = sensitiveValues[i];
                }
                diagnostics.ThrowIfErrors($"table {table.Name} cannot be released");
            }
            else
            {
                var ranked = Enumerable.Range(0, sensitiveValues.Count).ToArray();
                Comparison<int> compare = IsNumeric(sensitive.TypeClass)
                    ? (a, b) => Nullable.Compare(ToDouble(sensitiveValues[a]), ToDouble(sensitiveValues[b]))
                    : (a, b) => string.CompareOrdinal(sensitiveValues[a] is null ? null : ValueCoercion.ToText(sensitiveValues[a]!),
                        sensitiveValues[b] is null ? null : ValueCoercion.ToText(sensitiveValues[b]!));
                Array.Sort(ranked, compare);
                for (var rank = 0; rank < ranked.Length; rank++)
                {
                    order[ranked[rank]] = rank;
                    ordered[rank] = sensitiveValues[ranked[rank]];
                }
            }
            sensitiveByRow = new int[rows];
            for (var r = 0; r < rows; r++) sensitiveByRow[r] = order[sensitiveCodes[r]];
            sensitiveOrdered = ordered;
            sensitiveCount = ordered.Length;
        }
        return new LoadedTable(new EncodedTable(domains, codes, rows, sensitiveByRow, sensitiveCount), sensitiveOrdered, kept);

        void Report(string column, string problem)
        {
            if (reported++ >= MaxReported) return;
            diagnostics.Error($"{table.Name}.{column}", DiagnosticCodes.HierarchyNotCovering,
                $"row {row.ToString(CultureInfo.InvariantCulture)}: column \"{column}\" {problem}");
        }
    }

    private static double? ToDouble(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
