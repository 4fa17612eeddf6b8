using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Tests.Validation;

/// <summary>The same validation behaviour on every engine: each planted defect caught with its count and row keys, never its value.</summary>
public abstract class ValidationTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("validation-test-secret-0123456789");

    protected abstract string Provider { get; }

    private static ValidationOptions Options => new() { Relations = ValidationSchema.Relations, Jobs = 3 };

    private static Task<ValidationReport> ValidateAsync(DatabaseUri source, DatabaseUri target, ValidationOptions? options = null) =>
        new ValidationService(ObscuraRuntime.CreateDefault()).RunAsync(source, target, ConfigLoader.Parse(ValidationSchema.Config), null, options ?? Options);

    [Fact]
    public async Task A_clean_anonymized_target_passes_every_check()
    {
        var source = await ValidationSchema.CreateSourceAsync(Provider);
        var target = await ValidationSchema.CreateTargetAsync(Provider, plant: false);
        var report = await ValidateAsync(source, target);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Check}: {c.Failures}")));
        Assert.All(report.Checks, c => Assert.Equal(ValidationStatus.Passed, c.Status));
        Assert.Equal(4, report[ValidationCheckKind.RowCounts]!.Checked);
        // orders → customers (physical) and tickets → customers (logical)
        Assert.Equal(2, report[ValidationCheckKind.ForeignKeys]!.Checked);
        Assert.Contains(report[ValidationCheckKind.ForeignKeys]!.Items, i => i.Kind == "logical" && i.Table.EndsWith("tickets", StringComparison.Ordinal));
        var leakage = report[ValidationCheckKind.PiiLeakage]!;
        Assert.Equal(2 * ValidationSchema.Customers, leakage.Counts["original_values"]);
        Assert.True(leakage.Checked > 3 * ValidationSchema.Customers);
    }

    [Fact]
    public async Task A_real_anonymized_copy_passes()
    {
        var source = await ValidationSchema.CreateSourceAsync(Provider);
        var target = await TestDatabases.CreateAsync(Provider, "val_copy");
        var copy = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = ConfigLoader.Parse(ValidationSchema.Config), Secret = Secret, Jobs = 2,
        });
        Assert.True(copy.Succeeded, copy.Summary.Error);
        var report = await ValidateAsync(source, target);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Check}: {c.Failures}")));
        // The copy declares the unique key and NOT NULL itself: they hold by construction.
        Assert.Contains(report[ValidationCheckKind.Unique]!.Items, i => i.Columns.SequenceEqual(["email"]) && i.Enforced);
    }

    [Fact]
    public async Task Planted_orphans_duplicate_null_and_leaks_are_each_caught_with_counts_and_keys()
    {
        var source = await ValidationSchema.CreateSourceAsync(Provider);
        var target = await ValidationSchema.CreateTargetAsync(Provider, plant: true);
        var report = await ValidateAsync(source, target);
        Assert.False(report.Passed);

        var counts = report[ValidationCheckKind.RowCounts]!;
        Assert.Equal(ValidationStatus.Passed, counts.Status);

        var fks = report[ValidationCheckKind.ForeignKeys]!;
        Assert.Equal(ValidationStatus.Failed, fks.Status);
        Assert.Equal(3, fks.Failures);
        Assert.Equal(1, fks.Items.Single(i => i.Kind == "physical").Failures);
        Assert.Equal(2, fks.Items.Single(i => i.Kind == "logical").Failures);
        Assert.Equal(["id=107", "id=4", "id=5"], fks.Examples.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains(fks.Examples, e => e.Table.EndsWith("orders", StringComparison.Ordinal) && e.Column == "customer_id" && e.Key == "id=107");

        var unique = report[ValidationCheckKind.Unique]!;
        Assert.Equal(ValidationStatus.Failed, unique.Status);
        Assert.Equal(1, unique.Failures);
        var email = unique.Items.Single(i => i.Failures > 0);
        Assert.Equal(["email"], email.Columns);
        Assert.Equal(["id=5", "id=6"], unique.Examples.Select(e => e.Key));

        var notNull = report[ValidationCheckKind.NotNull]!;
        Assert.Equal(ValidationStatus.Failed, notNull.Status);
        Assert.Equal(1, notNull.Failures);
        Assert.Equal(new ValidationExample(Table(target, "customers"), "full_name", "id=8"), notNull.Examples.Single());

        var leak = report[ValidationCheckKind.PiiLeakage]!;
        Assert.Equal(ValidationStatus.Failed, leak.Status);
        Assert.Equal(3, leak.Failures);
        Assert.Equal(1, leak.Items.Single(i => i.Columns[0] == "notes").Failures);
        Assert.Equal(1, leak.Items.Single(i => i.Columns[0] == "profile").Failures);
        Assert.Equal(1, leak.Items.Single(i => i.Columns[0] == "email" && i.Table.EndsWith("subscribers", StringComparison.Ordinal)).Failures);
        Assert.Contains(new ValidationExample(Table(target, "customers"), "notes", "id=11"), leak.Examples);
        Assert.Contains(new ValidationExample(Table(target, "customers"), "profile", "id=12"), leak.Examples);
        // The subscriber's key is the leaked email itself: it is withheld.
        Assert.Contains(leak.Examples, e => e.Table.EndsWith("subscribers", StringComparison.Ordinal) && e.Key.StartsWith("(key withheld", StringComparison.Ordinal));

        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests", "validation-" + Guid.NewGuid().ToString("N"));
        var (json, html) = await ValidationReportFiles.WriteAsync(report, dir);
        foreach (var text in new[] { await File.ReadAllTextAsync(json), await File.ReadAllTextAsync(html) })
        {
            foreach (var planted in new[] { ValidationSchema.PlantedName, ValidationSchema.PlantedEmail, ValidationSchema.PlantedKey })
            {
                Assert.DoesNotContain(planted, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(planted.Split('.', '@', ' ')[0] + "@", text, StringComparison.OrdinalIgnoreCase);
            }
            Assert.DoesNotContain("Raghunathan", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("id=107", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_place_validation_uses_fingerprints_and_counts_taken_before_the_run()
    {
        var source = await ValidationSchema.CreateSourceAsync(Provider);
        var target = await ValidationSchema.CreateTargetAsync(Provider, plant: true);
        var runtime = ObscuraRuntime.CreateDefault();
        await using var before = runtime.Connect(source);
        Catalog catalog;
        await using (var conn = await before.OpenAsync(CancellationToken.None))
            catalog = await before.Provider.InspectAsync(conn, CancellationToken.None);
        var plan = TransformPlanner.Plan(ConfigLoader.Parse(ValidationSchema.Config), catalog, runtime.Strategies, Secret);
        using var originals = await LeakageFingerprints.CollectAsync(before, catalog, plan);
        var rows = new Dictionary<TableName, long>();
        foreach (var t in catalog.Tables) rows[t.Name] = await TestDatabases.CountAsync(source, before.Dialect.CountRows(t.Name));

        // The anonymized database, validated on its own (its catalog binds the plan; the source is gone).
        await using var after = runtime.Connect(target);
        Catalog afterCatalog;
        await using (var conn = await after.OpenAsync(CancellationToken.None))
            afterCatalog = await after.Provider.InspectAsync(conn, CancellationToken.None);
        var afterPlan = TransformPlanner.Plan(ConfigLoader.Parse(ValidationSchema.Config), afterCatalog, runtime.Strategies, Secret);
        var report = await new ValidationService(runtime).RunAsync(null, after, afterPlan, Options with
        {
            OriginalFingerprints = originals,
            SourceRowCounts = rows.ToDictionary(r => new TableName(afterCatalog.FindTable(r.Key.Name)!.Name.Schema, r.Key.Name), r => r.Value),
        });
        Assert.Equal(ValidationStatus.Passed, report[ValidationCheckKind.RowCounts]!.Status);
        Assert.Equal(3, report[ValidationCheckKind.PiiLeakage]!.Failures);
        // In place the database is its own source: only the keys it declares (here none) and the relations count.
        Assert.Equal(2, report[ValidationCheckKind.ForeignKeys]!.Failures);
        Assert.Null(report.Source);
        // The set still belongs to the caller.
        Assert.True(originals.Matches("Spoke with " + ValidationSchema.PlantedName));
    }

    private static string Table(DatabaseUri target, string name) =>
        TestDatabases.Registry.Resolve(target).Dialect.DefaultSchema is { } schema ? $"{schema}.{name}" : name;
}

public sealed class SqliteValidationTests : ValidationTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresValidationTests : ValidationTests
{
    protected override string Provider => "postgres";
}

public sealed class MySqlValidationTests : ValidationTests
{
    protected override string Provider => "mysql";
}
