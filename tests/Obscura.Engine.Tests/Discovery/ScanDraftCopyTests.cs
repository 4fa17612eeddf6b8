using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Discovery;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.Discovery;
using Obscura.Engine.Tests.Copy;
using Xunit.Abstractions;

namespace Obscura.Engine.Tests.Discovery;

/// <summary>
/// The acceptance bar of the draft: <c>copy --config draft</c> runs as written, and afterwards the personal data of every
/// detected column is gone from the target.
/// </summary>
[Collection(ScanDatasetsCollection.Name)]
public sealed class ScanDraftCopyTests(ScanDatasets datasets, ITestOutputHelper output)
{
    private static readonly RunSecret Secret = RunSecret.FromText("scan-draft-copy-secret-0123456789");

    public static TheoryData<string> Names => [.. ScanDatasets.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Copy_with_the_draft_runs_unedited_and_leaves_no_detected_value_behind(string name)
    {
        var d = datasets[name];
        var target = await TestDatabases.CreateAsync("sqlite", "scan_draft_copy");
        var config = ConfigLoader.Parse(d.Result.Draft.Yaml);
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = d.Source, Target = target, Config = config, Secret = Secret, Jobs = 2,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        var report = await LeakCheck.RunAsync(d.Source, target, d.Result, config);
        foreach (var line in report.Lines) output.WriteLine(line);
        Assert.Empty(report.Leaks);
    }
}

/// <summary>
/// Compares a source and its anonymized copy column by column for every detected column. Identifiers (emails, phones,
/// ID numbers, addresses, keys, secrets) must not appear anywhere in the target column. For kinds whose values come
/// from small domains (given and family names, birth dates, postal codes) a fake can be some other row's real value, so
/// they are compared row by row: at most 5% of rows may keep their value (a keyed fake equal to its own input).
/// Free text under text_pii must lose every email, phone and ID number the scanner finds in it.
/// </summary>
internal static class LeakCheck
{
    private static readonly HashSet<string> PerRowKinds = new(StringComparer.Ordinal) { "first_name", "last_name", "full_name", "date_of_birth", "postal_code" };

    public sealed record Report(List<string> Lines, List<string> Leaks);

    public static async Task<Report> RunAsync(DatabaseUri source, DatabaseUri target, ScanResult scan, ObscuraConfig config)
    {
        var lines = new List<string>();
        var leaks = new List<string>();
        var sourceProvider = TestDatabases.Registry.Resolve(source);
        var targetCatalog = await TargetChecks.InspectAsync(target);
        var transformed = new HashSet<(string, string)>();
        foreach (var t in config.Tables)
        {
            foreach (var c in t.Columns) transformed.Add((scan.Catalog.FindTable(t.Key)!.Name.ToString(), c.Column));
        }
        var textPii = config.Tables.SelectMany(t => t.Columns.Where(c => c.Strategy == "text_pii").Select(c => (scan.Catalog.FindTable(t.Key)!.Name.ToString(), c.Column))).ToHashSet();

        foreach (var f in scan.Findings.Where(f => f.IsPii))
        {
            var table = scan.Catalog.FindTable(f.Table)!;
            var column = table.FindColumn(f.Column)!;
            if (column.TypeClass is TypeClass.Binary or TypeClass.Other) continue; // photos become NULL; checked by the null count below
            var targetTable = targetCatalog.FindTable(table.Name.Name)
                ?? targetCatalog.Tables.Single(t => t.Name.Name.EndsWith("_" + table.Name.Name, StringComparison.OrdinalIgnoreCase));
            var rowKey = RowKey(table, sourceProvider.Name, transformed);
            var before = await ValuesAsync(source, table, column.Name, rowKey);
            var after = await ValuesAsync(target, targetTable, column.Name, rowKey);
            var where = $"{table.Name}.{column.Name} ({f.Kind})";
            if (textPii.Contains((table.Name.ToString(), column.Name)))
            {
                var spans = before.Where(v => v is not null).SelectMany(v => PiiScanner.Default.EnumerateSpansToList(v!)).ToHashSet(StringComparer.Ordinal);
                var kept = spans.Count(s => after.Any(a => a is not null && a.Contains(s, StringComparison.Ordinal)));
                lines.Add($"{where}: {spans.Count} embedded items, {kept} kept");
                if (kept > 0) leaks.Add($"{where}: {kept} embedded items kept");
            }
            else if (PerRowKinds.Contains(f.Kind!) && rowKey is not null)
            {
                var pairs = before.Zip(after).Where(p => !string.IsNullOrWhiteSpace(p.First)).ToList();
                var same = pairs.Count(p => p.First == p.Second);
                lines.Add($"{where}: {same} of {pairs.Count} rows keep their value (row by row, by {rowKey})");
                if (pairs.Count > 0 && same > Math.Max(1, pairs.Count / 20)) leaks.Add($"{where}: {same} of {pairs.Count} rows unchanged");
            }
            else if (!PerRowKinds.Contains(f.Kind!))
            {
                var originals = before.Where(v => !string.IsNullOrWhiteSpace(v)).ToHashSet(StringComparer.Ordinal);
                var kept = after.Where(v => v is not null && originals.Contains(v)).Distinct().Count();
                lines.Add($"{where}: {originals.Count} distinct originals, {kept} found in the target");
                if (kept > 0) leaks.Add($"{where}: {kept} original values found in the target");
            }
            else
            {
                lines.Add($"{where}: no stable row order to compare by (its key is transformed)");
            }
        }
        return new Report(lines, leaks);
    }

    /// <summary>A column to align source and target rows by: an untransformed single-column key, or SQLite's rowid.</summary>
    private static string? RowKey(Table table, string provider, HashSet<(string, string)> transformed)
    {
        if (table.PrimaryKey is { Columns.Count: 1 } pk && !transformed.Contains((table.Name.ToString(), pk.Columns[0]))
            && !table.ForeignKeys.Any(fk => fk.Columns.Contains(pk.Columns[0]))) return pk.Columns[0];
        return provider == "sqlite" ? "rowid" : null;
    }

    private static async Task<List<string?>> ValuesAsync(DatabaseUri uri, Table table, string column, string? orderBy)
    {
        var d = TestDatabases.Registry.Resolve(uri).Dialect;
        var order = orderBy is null ? string.Empty : " ORDER BY " + (orderBy == "rowid" ? "rowid" : d.Quote(orderBy));
        var rows = await TestDatabases.QueryAsync(uri, $"SELECT {d.Quote(column)} FROM {d.Qualify(table.Name)}{order}");
        return rows.Select(r => r[0] is null ? null : Text(r[0]!)).ToList();
    }

    /// <summary>Values as text the same way in every engine (dates as yyyy-MM-dd, numbers invariant).</summary>
    private static string Text(object value) => value switch
    {
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s when s.Length >= 10 && s[4] == '-' && s[7] == '-' && DateOnly.TryParse(s.AsSpan(0, 10), CultureInfo.InvariantCulture, out _) => s[..10],
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static List<string> EnumerateSpansToList(this PiiScanner scanner, string text)
    {
        var list = new List<string>();
        foreach (var span in scanner.EnumerateSpans(text)) list.Add(text.Substring(span.Start, span.Length));
        return list;
    }
}
