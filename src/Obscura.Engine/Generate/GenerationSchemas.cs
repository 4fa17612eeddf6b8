using System.Globalization;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Discovery;

namespace Obscura.Engine.Generate;

/// <summary>
/// Builds a <see cref="GenerationSchema"/> from the sources that carry only a schema: a catalog file (what
/// <c>obscura inspect --out</c> and <c>scan</c>'s <c>schema-catalog.json</c> hold) or a live database (tables, types and
/// constraints; no row is read, rows are only counted). Columns get their specs from names and types when generated.
/// </summary>
public static class GenerationSchemas
{
    /// <summary>Reads a catalog JSON file.</summary>
    /// <exception cref="ObscuraConfigException">The file is missing or is not a catalog.</exception>
    public static async Task<GenerationSchema> FromCatalogFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new ObscuraConfigException($"--schema {path}: no such file (write one with 'obscura inspect --source URI --out FILE')");
        Catalog? catalog;
        try
        {
            await using var stream = File.OpenRead(path);
            catalog = await JsonSerializer.DeserializeAsync<Catalog>(stream, ScanFiles.CatalogJsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {(line + 1).ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            throw new ObscuraConfigException($"--schema {path} is not a catalog JSON file as 'obscura inspect' writes it{where}: {ex.Message.Split('.')[0]}");
        }
        if (catalog is null || catalog.Tables is null || catalog.Tables.Count == 0)
            throw new ObscuraConfigException($"--schema {path} holds no tables");
        return new GenerationSchema { Catalog = catalog };
    }

    /// <summary>
    /// Inspects a live database: its tables, types and constraints, with each table's exact row count in
    /// <see cref="Table.RowEstimate"/> (for <c>--rows scale=F</c> and for parents a foreign key needs). No values are read.
    /// </summary>
    /// <exception cref="ObscuraDatabaseException">The database cannot be reached.</exception>
    public static async Task<GenerationSchema> FromDatabaseAsync(ObscuraRuntime runtime, DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        await using var source = runtime.Connect(uri);
        await using var conn = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var catalog = await source.Provider.InspectAsync(conn, cancellationToken).ConfigureAwait(false);
        var tables = new List<Table>(catalog.Tables.Count);
        foreach (var table in catalog.Tables)
        {
            var count = await source.CountRowsAsync(conn, table.Name, cancellationToken).ConfigureAwait(false);
            tables.Add(table with { RowEstimate = count });
        }
        return new GenerationSchema { Catalog = catalog with { Tables = tables } };
    }
}
