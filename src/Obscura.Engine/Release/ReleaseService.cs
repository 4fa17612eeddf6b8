using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Copy;
using Obscura.Engine.Dump;
using Obscura.Engine.Release.Internal;

namespace Obscura.Engine.Release;

/// <summary>
/// <c>obscura release</c>: a k-anonymous (optionally l-diverse or t-close) version of one table. The quasi-identifier,
/// sensitive and kept columns are streamed from the source once and held as integer codes (O(rows × QIs) ints);
/// the search (<see cref="MondrianRecoding"/> or <see cref="FullDomainSearch"/>) runs in memory; the released rows
/// stream, class by class, through dump's CSV/Parquet writers or a provider's bulk writer into a new table. Every
/// check — table, columns, hierarchies, parameters, values the hierarchies do not cover, criteria the suppression
/// limit cannot meet, an output table that exists — happens before anything is written.
/// </summary>
public sealed class ReleaseService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public ReleaseService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the release. Problems found before anything is written are thrown; later failures are in the result.</summary>
    /// <exception cref="ObscuraConfigException">Bad parameters, table, columns, hierarchies or values; criteria that cannot be met.</exception>
    /// <exception cref="ObscuraDatabaseException">The source or target cannot be reached.</exception>
    public async Task<ReleaseResult> RunAsync(ReleaseOptions options, ICopyProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullCopyProgress.Instance;
        var clock = Stopwatch.StartNew();
        var diagnostics = new DiagnosticBag();
        CheckParameters(options, diagnostics);
        var targetUri = options.Target;
        if ((options.OutputFile is null) == (targetUri is null)) diagnostics.Error("--out", DiagnosticCodes.ReleaseInvalidParameter, "name one output: a file or a database");
        else if (options.OutputFile is { } file) CheckOutputFile(file, diagnostics);
        diagnostics.ThrowIfErrors("the release cannot start");

        await using var source = _runtime.Connect(options.Source);
        progress.Phase($"inspecting {source}");
        var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);
        var table = catalog.FindTable(options.Table);
        if (table is null) throw new ObscuraConfigException("the release cannot start", [new Diagnostic(Severity.Error, options.Table, DiagnosticCodes.UnknownTable, $"table {options.Table} does not exist in {source}")]);

        var qis = new List<QuasiIdentifierColumn>();
        foreach (var name in options.QuasiIdentifiers)
        {
            if (FindColumn(table, name, diagnostics) is not { } column) continue;
            var file = HierarchyFiles.Find(options.HierarchyDirectory, column.Name);
            if (file is null)
            {
                if (!ReleaseTableReader.IsNumeric(column.TypeClass))
                    diagnostics.Error($"{table.Name}.{column.Name}", DiagnosticCodes.HierarchyMissing,
                        $"quasi-identifier \"{column.Name}\" is not numeric and {options.HierarchyDirectory} has no hierarchy for it ({column.Name}.csv: leaf;level1;...;*)");
                qis.Add(new QuasiIdentifierColumn(column, null, null));
                continue;
            }
            qis.Add(new QuasiIdentifierColumn(column, HierarchyFiles.Load(file, diagnostics), file));
        }
        var sensitive = options.Sensitive is null ? null : FindColumn(table, options.Sensitive, diagnostics);
        var keep = options.Keep.Select(k => FindColumn(table, k, diagnostics)).OfType<Column>().ToList();
        var named = qis.Select(q => q.Column.Name).Concat(sensitive is null ? [] : [sensitive.Name]).Concat(keep.Select(k => k.Name)).ToList();
        foreach (var twice in named.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            diagnostics.Error($"{table.Name}.{twice.Key}", DiagnosticCodes.ReleaseInvalidParameter, $"column \"{twice.Key}\" is named more than once (quasi-identifier, sensitive, kept)");
        var distance = options.TDistance;
        Hierarchy? sensitiveHierarchy = null;
        if (options.T is not null && sensitive is not null)
        {
            var file = HierarchyFiles.Find(options.HierarchyDirectory, sensitive.Name);
            distance ??= ReleaseTableReader.IsNumeric(sensitive.TypeClass) ? GroundDistance.Ordered : file is not null ? GroundDistance.Hierarchical : GroundDistance.Equal;
            if (distance == GroundDistance.Hierarchical)
            {
                if (file is null) diagnostics.Error(sensitive.Name, DiagnosticCodes.HierarchyMissing, $"a hierarchical t-closeness distance needs a hierarchy for \"{sensitive.Name}\" in {options.HierarchyDirectory}");
                else sensitiveHierarchy = HierarchyFiles.Load(file, diagnostics);
            }
        }
        diagnostics.ThrowIfErrors("the release cannot start");

        // The output is checked before a row is read: an existing table in the target is refused.
        var outputTable = new TableName(null, options.OutputTable ?? table.Name.Name);
        await using var target = targetUri is null ? null : _runtime.Connect(targetUri);
        if (target is not null)
        {
            if (await TargetHasTableAsync(target, outputTable, cancellationToken).ConfigureAwait(false))
                throw new ObscuraConfigException("the release cannot start", [new Diagnostic(Severity.Error, outputTable.ToString(), DiagnosticCodes.ReleaseTargetExists,
                    $"table {outputTable} already exists in {target}: drop it or choose another name with --out-table")]);
        }

        progress.Phase($"reading {table.Name}");
        progress.TableStarted(table.Name, table.RowEstimate);
        var loaded = await ReleaseTableReader.ReadAsync(source, table, qis, sensitive, sensitiveHierarchy, keep, progress, cancellationToken).ConfigureAwait(false);
        var readSeconds = clock.Elapsed.TotalSeconds;
        var encoded = loaded.Encoded;
        var criteria = new ReleaseCriteria
        {
            K = options.K,
            SuppressionLimit = options.SuppressionLimit,
            Models = Models(options, encoded, distance, sensitiveHierarchy),
        };

        progress.Phase($"searching ({(options.Method == ReleaseMethod.Mondrian ? "mondrian" : "full-domain")}) over {encoded.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows");
        var searchWatch = Stopwatch.StartNew();
        Anonymization result;
        try
        {
            result = await Task.Run(() => options.Method == ReleaseMethod.FullDomain
                ? FullDomainSearch.Run(encoded, criteria, cancellationToken)
                : MondrianRecoding.Run(encoded, criteria, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new ObscuraConfigException("the release cannot start", [new Diagnostic(Severity.Error, table.Name.ToString(), DiagnosticCodes.ReleaseInvalidParameter, ex.Message)]);
        }
        var searchSeconds = searchWatch.Elapsed.TotalSeconds;
        var budget = criteria.SuppressionBudget(encoded.Rows);
        if (encoded.Rows == 0 || result.Suppressed > budget || result.Classes.Count == 0)
        {
            throw new ObscuraConfigException("the release cannot be made", [new Diagnostic(Severity.Error, table.Name.ToString(), DiagnosticCodes.ReleaseInfeasible,
                encoded.Rows == 0
                    ? $"table {table.Name} has no rows"
                    : $"no generalization holds k={options.K}{(criteria.Models.Count > 0 ? " and " + string.Join(", ", criteria.Models.Select(m => m.Name)) : "")} " +
                      $"with at most {budget.ToString(CultureInfo.InvariantCulture)} of {encoded.Rows.ToString(CultureInfo.InvariantCulture)} rows suppressed " +
                      "(the table as a whole may not hold it): lower k or l, or raise --suppression")]);
        }
        var metrics = ReleaseMetrics.Compute(encoded, result, options.RiskThreshold);

        var columns = OutputColumns(qis, sensitive, keep);
        var rows = OutputRows(loaded, result);
        string output;
        Exception? failure = null;
        progress.Phase("writing the release");
        try
        {
            output = target is null
                ? await WriteFileAsync(options.OutputFile!, new Table { Name = table.Name, Columns = columns }, rows, progress, cancellationToken).ConfigureAwait(false)
                : await WriteTableAsync(target, catalog, table, outputTable, columns, rows, progress, cancellationToken).ConfigureAwait(false);
            progress.TableFinished(table.Name, metrics.Released, clock.Elapsed);
        }
        catch (Exception ex)
        {
            failure = RunFailure.From(ex, cancellationToken);
            output = target?.ToString() ?? Path.GetFullPath(options.OutputFile!);
        }

        var report = new ReleaseReport
        {
            Source = options.Source.ToString(),
            Table = table.Name.ToString(),
            Output = output,
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            Method = result.Method,
            QuasiIdentifiers = qis.Select((q, i) => new ReleaseColumn(q.Column.Name, q.Hierarchy is null ? "numeric" : "hierarchy", encoded.Attributes[i].Size,
                q.HierarchyFile is null ? null : Path.GetFileName(q.HierarchyFile))).ToList(),
            Sensitive = sensitive?.Name,
            K = options.K,
            Models = criteria.Models.Select(m => m.Name).ToList(),
            SuppressionLimit = options.SuppressionLimit,
            Rows = metrics.Rows,
            Released = metrics.Released,
            Suppressed = metrics.Suppressed,
            Classes = metrics.Classes,
            Ncp = Math.Round(metrics.Ncp, 6),
            NcpByColumn = metrics.NcpByColumn.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 6), StringComparer.Ordinal),
            Discernibility = metrics.Discernibility,
            ClassSizes = new ClassSizeFigures(metrics.MinClassSize, metrics.MaxClassSize, Math.Round(metrics.AverageClassSize, 3), metrics.ClassSizes),
            Risk = new RiskReport
            {
                Prosecutor = Entry(metrics.Prosecutor),
                Journalist = Entry(metrics.Journalist),
                Marketer = Math.Round(metrics.Marketer, 6),
                Population = "the source table itself (no population table given): each class's matches are its rows plus the suppressed rows its labels cover",
            },
            Levels = result.Levels is null ? null : qis.Select((q, i) => (q.Column.Name, result.Levels[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal),
            NodesChecked = options.Method == ReleaseMethod.FullDomain ? result.NodesChecked : null,
            ReadSeconds = Math.Round(readSeconds, 3),
            SearchSeconds = Math.Round(searchSeconds, 3),
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Error = failure is null ? null : CopyService.UserMessage(failure),
        };
        return new ReleaseResult(report, failure);
    }

    private static RiskEntry Entry(RiskFigures f) => new(Math.Round(f.Highest, 6), Math.Round(f.Average, 6), f.Threshold, Math.Round(f.RecordsAtRisk, 6));

    /// <summary>Whether an --out value is a database URI, by its scheme (sqlite:, postgres://, mysql:// and their aliases); anything else is a file path.</summary>
    public static bool IsDatabaseUri(string output)
    {
        var colon = output.IndexOf(':', StringComparison.Ordinal);
        return colon > 1 && output[..colon].ToLowerInvariant() is "sqlite" or "sqlite3" or "postgres" or "postgresql" or "pg" or "mysql" or "mariadb";
    }

    private static void CheckParameters(ReleaseOptions o, DiagnosticBag d)
    {
        const string code = DiagnosticCodes.ReleaseInvalidParameter;
        if (o.K < 2) d.Error("--k", code, "k must be at least 2 (k = 1 leaves every row unique)");
        if (o.QuasiIdentifiers.Count == 0) d.Error("--qi", code, "name at least one quasi-identifier");
        if (!(o.SuppressionLimit >= 0 && o.SuppressionLimit < 1)) d.Error("--suppression", code, "the suppression limit must be at least 0% and below 100%");
        if (o.L is { } l)
        {
            if (o.LKind == LDiversityKind.Entropy ? !(l >= 1) : l < 2 || l != Math.Floor(l)) d.Error("--l", code, o.LKind == LDiversityKind.Entropy ? "entropy l must be at least 1" : "l must be a whole number of at least 2");
            if (o.LKind == LDiversityKind.Recursive && !(o.C is > 0)) d.Error("--c", code, "recursive (c,l)-diversity needs --c, a positive number");
        }
        else if (o.C is not null) d.Error("--c", code, "--c belongs to --l-kind recursive");
        if (o.T is { } t && !(t > 0 && t <= 1)) d.Error("--t", code, "t must be above 0 and at most 1");
        if ((o.L is not null || o.T is not null) && o.Sensitive is null) d.Error("--sensitive", code, "l-diversity and t-closeness need --sensitive");
        if (!(o.RiskThreshold > 0 && o.RiskThreshold <= 1)) d.Error("--risk-threshold", code, "the risk threshold must be above 0 and at most 1");
        if (!Directory.Exists(o.HierarchyDirectory)) d.Error("--hierarchies", code, $"the hierarchy directory {o.HierarchyDirectory} does not exist");
    }

    private static void CheckOutputFile(string output, DiagnosticBag d)
    {
        var lower = output.ToLowerInvariant();
        if (!lower.EndsWith(".csv", StringComparison.Ordinal) && !lower.EndsWith(".parquet", StringComparison.Ordinal))
            d.Error("--out", DiagnosticCodes.ReleaseInvalidParameter, $"--out {output}: write FILE.csv, FILE.parquet or a database URI (sqlite:, postgres://, mysql://)");
        else if (Directory.Exists(output)) d.Error("--out", DiagnosticCodes.ReleaseInvalidParameter, $"--out {output} is a directory");
        else if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir && !Directory.Exists(dir))
            d.Error("--out", DiagnosticCodes.ReleaseInvalidParameter, $"the directory of --out {output} does not exist");
    }

    private static Column? FindColumn(Table table, string name, DiagnosticBag diagnostics)
    {
        var column = table.FindColumn(name) ?? table.Columns.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (column is null) diagnostics.Error($"{table.Name}.{name}", DiagnosticCodes.UnknownColumn, $"table {table.Name} has no column \"{name}\"");
        return column;
    }

    private static List<PrivacyModel> Models(ReleaseOptions o, EncodedTable table, GroundDistance? distance, Hierarchy? sensitiveHierarchy)
    {
        var models = new List<PrivacyModel>();
        if (o.L is { } l)
        {
            models.Add(o.LKind switch
            {
                LDiversityKind.Entropy => new EntropyLDiversity(l),
                LDiversityKind.Recursive => new RecursiveCLDiversity(o.C!.Value, (int)l),
                _ => new DistinctLDiversity((int)l),
            });
        }
        if (o.T is { } t) models.Add(new TCloseness(t, table.SensitiveCounts(), distance ?? GroundDistance.Equal, sensitiveHierarchy));
        return models;
    }

    private static async Task<bool> TargetHasTableAsync(DatabaseEndpoint target, TableName name, CancellationToken ct)
    {
        Catalog catalog;
        try
        {
            catalog = await target.InspectAsync(ct).ConfigureAwait(false);
        }
        catch (ObscuraDatabaseException)
        {
            // A database that does not exist yet holds no table; it is created when the release is written.
            return false;
        }
        return catalog.FindTable(name.Name) is not null;
    }

    private static List<Column> OutputColumns(IReadOnlyList<QuasiIdentifierColumn> qis, Column? sensitive, IReadOnlyList<Column> keep)
    {
        var columns = new List<Column>();
        foreach (var q in qis) columns.Add(new Column { Name = q.Column.Name, Ordinal = columns.Count, DeclaredType = "text", TypeClass = TypeClass.Text, IsNullable = false });
        foreach (var c in (sensitive is null ? [] : new[] { sensitive }).Concat(keep))
            columns.Add(c with { Ordinal = columns.Count, IsIdentity = false, IdentityDefinition = null, Default = null });
        return columns;
    }

    /// <summary>The released rows, class by class (rows of a class in source order): labels, then sensitive and kept values.</summary>
    private static IEnumerable<object?[]> OutputRows(LoadedTable loaded, Anonymization result)
    {
        var encoded = loaded.Encoded;
        var start = new int[result.Classes.Count + 1];
        foreach (var c in result.ClassOf)
        {
            if (c >= 0) start[c + 1]++;
        }
        for (var c = 0; c < result.Classes.Count; c++) start[c + 1] += start[c];
        var order = new int[start[^1]];
        var fill = (int[])start.Clone();
        for (var r = 0; r < encoded.Rows; r++)
        {
            if (result.ClassOf[r] >= 0) order[fill[result.ClassOf[r]]++] = r;
        }
        var q = encoded.Attributes.Count;
        var width = q + (encoded.Sensitive is null ? 0 : 1) + (loaded.Kept.Count > 0 ? loaded.Kept[0].Length : 0);
        var row = new object?[width];
        for (var c = 0; c < result.Classes.Count; c++)
        {
            var labels = result.Classes[c].Labels;
            for (var i = start[c]; i < start[c + 1]; i++)
            {
                var r = order[i];
                for (var a = 0; a < q; a++) row[a] = labels[a];
                var next = q;
                if (encoded.Sensitive is { } s) row[next++] = loaded.SensitiveValues[s[r]];
                if (loaded.Kept.Count > 0) loaded.Kept[r].CopyTo(row, next);
                yield return row;
            }
        }
    }

    private static async Task<string> WriteFileAsync(string path, Table table, IEnumerable<object?[]> rows, ICopyProgress progress, CancellationToken ct)
    {
        var files = new DumpFiles();
        try
        {
            using var reader = new RowSourceReader(table.Columns, rows);
            if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = files.Create(path);
                await ParquetTableWriter.WriteAsync(stream, table, reader, gzip: false, n => progress.RowsCopied(table.Name, n), ct).ConfigureAwait(false);
            }
            else
            {
                await using var text = files.CreateText(path, gzip: false);
                await CsvTableWriter.WriteAsync(text, table, reader, n => progress.RowsCopied(table.Name, n), ct).ConfigureAwait(false);
                await text.CompleteAsync().ConfigureAwait(false);
            }
            files.Commit();
            return Path.GetFullPath(path);
        }
        catch
        {
            files.Discard();
            throw;
        }
    }

    private static async Task<string> WriteTableAsync(
        DatabaseEndpoint target, Catalog catalog, Table source, TableName name, List<Column> columns, IEnumerable<object?[]> rows, ICopyProgress progress, CancellationToken ct)
    {
        var diagnostics = new DiagnosticBag();
        var mapped = SchemaTranslator.Translate([new Table { Name = source.Name, Columns = columns }], catalog, target.Dialect, diagnostics)[0].Target with { Name = name };
        await target.Provider.EnsureDatabaseAsync(target.Uri, ct).ConfigureAwait(false);
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        await target.Provider.PrepareForLoadAsync(conn, ct).ConfigureAwait(false);
        var ddl = target.Dialect.BuildTableDdl(mapped, catalog.Provider == target.Provider.Name, new List<string>());
        await DatabaseEndpoint.ExecuteAsync(conn, ddl.Create, ct).ConfigureAwait(false);
        try
        {
            using var reader = new RowSourceReader(mapped.Columns, rows);
            await target.Provider.CreateBulkWriter().WriteAsync(conn, mapped, reader, n => progress.RowsCopied(name, n), ct).ConfigureAwait(false);
            foreach (var sql in ddl.AfterLoad.Concat(ddl.Finish)) await DatabaseEndpoint.ExecuteAsync(conn, sql, ct).ConfigureAwait(false);
        }
        catch
        {
            // Leave nothing half-written: the table this run created goes.
            await using var cleanup = await target.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await DatabaseEndpoint.ExecuteAsync(cleanup, target.Dialect.DropTableIfExists(name), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return $"{target} table {name}";
    }
}

/// <summary>The outcome of a release: the report and, when writing failed, why.</summary>
public sealed record ReleaseResult(ReleaseReport Report, Exception? Failure)
{
    /// <summary>True when the release was written.</summary>
    public bool Succeeded => Failure is null;
}
