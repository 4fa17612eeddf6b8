using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Data;

namespace Obscura.Engine.Generate;

/// <summary>What <c>obscura generate</c> was asked to do.</summary>
public sealed record GenerateOptions
{
    /// <summary>Where the rows go (created when missing).</summary>
    public required DatabaseUri Target { get; init; }
    /// <summary>The tables and how their columns are filled (from a catalog file, a live database, a template or a profile).</summary>
    public required GenerationSchema Schema { get; init; }
    /// <summary>Where <see cref="Schema"/> came from, for the summary (a file name or a URI without password).</summary>
    public string SchemaSource { get; init; } = "schema";
    /// <summary>Rows per table (names as in <c>--rows</c>: schema.table or table). Tables named neither here nor in the
    /// schema's <see cref="TableSpec.Rows"/> are generated only when <see cref="Scale"/> is set or a NOT NULL foreign key needs them.</summary>
    public IReadOnlyDictionary<string, long> Rows { get; init; } = new Dictionary<string, long>();
    /// <summary>Every table with its source row count times this factor (<c>--rows scale=0.1</c>); null: only the tables named.</summary>
    public double? Scale { get; init; }
    /// <summary>Faker locale of names, addresses and formats (e.g. en, en_US, en_IND, de).</summary>
    public string Locale { get; init; } = "en";
    /// <summary>The seed: the same seed, schema and counts give byte-identical rows.</summary>
    public long Seed { get; init; }
    /// <summary>Tables loaded at once; default: number of cores.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;
    /// <summary>Replace target tables that already hold rows.</summary>
    public bool DropExisting { get; init; }

    /// <summary>
    /// Parses <c>--rows</c> values: <c>TABLE=N</c> pairs, comma-separated or repeated, and <c>scale=F</c>.
    /// </summary>
    /// <exception cref="ObscuraConfigException">A malformed pair, a negative or non-numeric count, a repeated table.</exception>
    public static (Dictionary<string, long> Rows, double? Scale) ParseRows(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        double? scale = null;
        var diagnostics = new DiagnosticBag();
        foreach (var item in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = item.LastIndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
            {
                diagnostics.Error("--rows", DiagnosticCodes.GenerateInvalidOption, $"--rows '{item}' is not TABLE=N or scale=F");
                continue;
            }
            var name = item[..eq].Trim();
            var value = item[(eq + 1)..].Trim();
            if (name.Equals("scale", StringComparison.OrdinalIgnoreCase))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !(f > 0) || double.IsInfinity(f))
                    diagnostics.Error("--rows", DiagnosticCodes.GenerateInvalidOption, $"--rows scale={value}: the scale must be a number above 0 (0.1 for a tenth of the source's rows)");
                else scale = f;
                continue;
            }
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                diagnostics.Error("--rows", DiagnosticCodes.GenerateInvalidOption, $"--rows {name}={value}: the count must be a whole number of 0 or more");
                continue;
            }
            if (!rows.TryAdd(name, n))
                diagnostics.Error("--rows", DiagnosticCodes.GenerateInvalidOption, $"--rows names {name} twice");
        }
        diagnostics.ThrowIfErrors("--rows is not valid");
        return (rows, scale);
    }
}
