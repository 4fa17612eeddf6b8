using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Obscura.Engine.Discovery;

/// <summary>Writes a scan's three files: <c>pii-inventory.csv</c>, the draft <c>obscura.yaml</c> and <c>schema-catalog.json</c>.</summary>
public static class ScanFiles
{
    /// <summary>File name of the inventory.</summary>
    public const string Inventory = "pii-inventory.csv";
    /// <summary>File name of the draft config.</summary>
    public const string Config = "obscura.yaml";
    /// <summary>File name of the catalog.</summary>
    public const string Catalog = "schema-catalog.json";

    /// <summary>The catalog's JSON form, as <c>obscura inspect</c> writes it: snake_case, enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions CatalogJsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the three files into <paramref name="directory"/> (created when missing), replacing earlier ones.</summary>
    public static async Task WriteAsync(ScanResult result, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, Inventory), ToCsv(result.Findings), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Config), result.Draft.Yaml, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Catalog), JsonSerializer.Serialize(result.Catalog, CatalogJsonOptions), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inventory: header <c>table,column,kind,confidence,evidence,sampled</c>, one row per column (RFC 4180 quoting).</summary>
    public static string ToCsv(IReadOnlyList<ColumnFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder("table,column,kind,confidence,evidence,sampled\n");
        foreach (var f in findings)
        {
            sb.Append(Field(f.Table.ToString())).Append(',')
              .Append(Field(f.Column)).Append(',')
              .Append(Field(f.Kind ?? string.Empty)).Append(',')
              .Append(f.Confidence.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
              .Append(Field(f.Evidence)).Append(',')
              .Append(f.Sampled.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
