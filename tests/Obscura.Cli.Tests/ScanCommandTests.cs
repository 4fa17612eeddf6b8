using System.Globalization;
using System.Text;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura scan</c> as a user runs it: scan, then copy with the draft as written.</summary>
public sealed class ScanCommandTests
{
    private static readonly HashSet<string> PerRowKinds = new(StringComparer.Ordinal) { "first_name", "last_name", "full_name", "date_of_birth", "postal_code" };

    [Fact]
    public async Task Scan_drafts_a_config_that_copy_runs_unedited_and_no_detected_value_survives()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var scan = await CliRunner.RunAsync(dir, null, "scan", "--source", "sqlite:demo/source.db", "--out", "scan");
        Assert.True(scan.ExitCode == 0, scan.StdErr + scan.StdOut);
        Assert.Contains("personal-data columns", scan.StdErr, StringComparison.Ordinal);
        foreach (var file in new[] { "pii-inventory.csv", "obscura.yaml", "schema-catalog.json" }) Assert.True(File.Exists(Path.Combine(dir, "scan", file)), file);

        var env = new Dictionary<string, string> { ["OBSCURA_SECRET"] = "cli-scan-secret-0123456789" };
        var copy = await CliRunner.RunAsync(dir, env, "copy", "--source", "sqlite:demo/source.db", "--target", "sqlite:anonymized.db", "--config", "scan/obscura.yaml");
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        var source = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "demo", "source.db"));
        var target = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "anonymized.db"));
        var detected = ReadInventory(await File.ReadAllTextAsync(Path.Combine(dir, "scan", "pii-inventory.csv")));
        Assert.True(detected.Count >= 15, $"{detected.Count} columns detected");
        // The console wraps long lines (paths too): joined again, the run's own random directory name — which may hold
        // a digit run equal to some value — is taken out before looking for values.
        var console = (scan.StdOut + scan.StdErr).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        var outputs = (console + string.Concat(Directory.GetFiles(Path.Combine(dir, "scan")).Select(File.ReadAllText)))
            .Replace(dir, "<dir>", StringComparison.Ordinal).Replace(Path.GetFileName(dir), "<dir>", StringComparison.Ordinal);
        foreach (var (table, column, kind) in detected)
        {
            var sql = $"SELECT \"{column}\" FROM \"{table}\" ORDER BY rowid";
            var before = (await TestDatabases.QueryAsync(source, sql)).Select(r => Text(r[0])).ToList();
            var after = (await TestDatabases.QueryAsync(target, sql)).Select(r => Text(r[0])).ToList();
            Assert.Equal(before.Count, after.Count);
            foreach (var v in before.Where(v => v is { Length: >= 6 })) Assert.DoesNotContain(v!, outputs, StringComparison.Ordinal);
            if (kind == "photo")
            {
                Assert.All(after, v => Assert.Null(v));
            }
            else if (PerRowKinds.Contains(kind))
            {
                // Names and dates come from small domains: a fake may be another row's real value, rarely its own.
                var pairs = before.Zip(after).Where(p => p.First is not null).ToList();
                var same = pairs.Count(p => p.First == p.Second);
                Assert.True(same <= pairs.Count / 20, $"{table}.{column}: {same} of {pairs.Count} rows unchanged");
            }
            else
            {
                var originals = before.Where(v => !string.IsNullOrWhiteSpace(v)).ToHashSet(StringComparer.Ordinal);
                Assert.True(originals.Count > 0, $"{table}.{column} has no values");
                Assert.DoesNotContain(after, v => v is not null && originals.Contains(v));
            }
        }
    }

    [Fact]
    public async Task Scan_has_help_and_refuses_unknown_tables_with_suggestions()
    {
        var dir = CliRunner.TempDirectory();
        var help = await CliRunner.RunAsync(dir, null, "scan", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--sample", help.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, null, "scan", "--source", "sqlite:demo/source.db", "--tables", "beneficiary,stafff");
        Assert.Equal(2, r.ExitCode);
        var message = string.Join(' ', r.StdErr.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)); // the console wraps long lines
        Assert.Contains("unknown table 'stafff'", message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'staff'", message, StringComparison.Ordinal);
        var bad = await CliRunner.RunAsync(dir, null, "scan", "--source", "sqlite:demo/source.db", "--sample", "0");
        Assert.Equal(2, bad.ExitCode);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        byte[] b => Convert.ToHexString(b),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>(table, column, kind) of the rows with a kind, from the RFC 4180 inventory.</summary>
    private static List<(string Table, string Column, string Kind)> ReadInventory(string csv)
    {
        var result = new List<(string, string, string)>();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("table,column,kind,confidence,evidence,sampled", lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var fields = Fields(line);
            Assert.Equal(6, fields.Count);
            if (fields[2].Length > 0) result.Add((fields[0], fields[1], fields[2]));
        }
        return result;
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
