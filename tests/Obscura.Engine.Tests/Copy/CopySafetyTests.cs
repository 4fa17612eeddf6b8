using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>Bad input is refused before anything is written; failures and cancellation leave no half-copied tables.</summary>
public sealed class CopySafetyTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("safety-test-secret-0123456789");

    [Fact]
    public async Task Config_problems_are_reported_together_before_anything_is_written()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var target = await TestDatabases.CreateAsync("postgres", "safety_cfg");
        var config = ConfigLoader.Parse("""
            tables:
              nosuchtable:
                columns:
                  x: { strategy: hash }
              employee:
                columns:
                  nosuchcolumn: { strategy: hash }
                  surname:      { strategy: nosuchstrategy }
                  first_name:   { strategy: "null" }
            """);
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(
            new CopyOptions { Source = source, Target = target, Config = config, Secret = Secret }));
        Assert.Contains("nosuchtable", error.Message, StringComparison.Ordinal);
        Assert.Contains("nosuchcolumn", error.Message, StringComparison.Ordinal);
        Assert.Contains("nosuchstrategy", error.Message, StringComparison.Ordinal);
        Assert.Contains("first_name", error.Message, StringComparison.Ordinal);
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }

    [Fact]
    public async Task A_keyed_strategy_without_a_secret_is_refused_with_how_to_fix_it()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var target = await TestDatabases.CreateAsync("sqlite", "safety_secret");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(
            new CopyOptions { Source = source, Target = target, Config = ConfigLoader.Parse(MatrixSchema.Config) }));
        Assert.Contains("OBSCURA_SECRET", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target.Database) && (await TargetChecks.InspectAsync(target)).Tables.Count > 0);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task A_target_table_with_rows_is_refused_unless_drop_existing(string targetProvider)
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        var target = await TestDatabases.CreateAsync(targetProvider, "safety_nonempty");
        var service = new CopyService(ObscuraRuntime.CreateDefault());
        var first = await service.RunAsync(new CopyOptions { Source = source, Target = target, Tables = ["department"] });
        Assert.True(first.Succeeded, first.Summary.Error);

        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(new CopyOptions { Source = source, Target = target, Tables = ["department"] }));
        Assert.Contains("--drop-existing", error.Message, StringComparison.Ordinal);

        var again = await service.RunAsync(new CopyOptions { Source = source, Target = target, Tables = ["department"], DropExisting = true });
        Assert.True(again.Succeeded, again.Summary.Error);
        Assert.Equal(MatrixSchema.Departments, (await TargetChecks.CountsAsync(target))["department"]);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task A_failure_mid_copy_drops_every_table_the_run_created_and_leaves_the_source_untouched(string targetProvider)
    {
        var source = await CopyMatrixTests.SourceFor("mysql");
        var target = await TestDatabases.CreateAsync(targetProvider, "safety_fail");
        var runtime = new ObscuraRuntime(TestDatabases.Registry,
            new StrategyRegistryBuilder().AddBuiltIns().Add(new FailingStrategy(afterRows: 100)).Build(), TimeProvider.System);
        var config = ConfigLoader.Parse("""
            tables:
              assignment:
                columns:
                  hours: { strategy: fail_after }
            """);
        var before = await TargetChecks.CountsAsync(source);
        var result = await new CopyService(runtime).RunAsync(new CopyOptions { Source = source, Target = target, Config = config, Jobs = 2 });

        Assert.False(result.Succeeded);
        Assert.Equal("failed", result.Summary.Status);
        Assert.DoesNotContain(result.Summary.Tables, t => t.Status == "copied");
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
        Assert.Equal(before, await TargetChecks.CountsAsync(source));
    }

    [Fact]
    public async Task Cancelling_a_copy_drops_what_it_created()
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        var target = await TestDatabases.CreateAsync("postgres", "safety_cancel");
        using var cts = new CancellationTokenSource();
        var progress = new CancelOnFirstRows(cts);
        var runtime = new ObscuraRuntime(TestDatabases.Registry,
            new StrategyRegistryBuilder().AddBuiltIns().Add(new FailingStrategy(afterRows: int.MaxValue, onRow: cts.Cancel)).Build(), TimeProvider.System);
        var config = ConfigLoader.Parse("""
            tables:
              assignment:
                columns:
                  hours: { strategy: fail_after }
            """);
        var result = await new CopyService(runtime).RunAsync(new CopyOptions { Source = source, Target = target, Config = config }, progress, cts.Token);
        Assert.Equal("cancelled", result.Summary.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Failure);
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_wrong_password_is_a_clear_error_that_never_shows_the_password(string provider)
    {
        var server = provider == "postgres" ? TestDatabases.PostgresServer : TestDatabases.MySqlServer;
        var wrong = DatabaseUri.Parse($"{provider}://{server.User}:Wr0ng-Secret-Pw@{server.Host}:{server.Port}/{server.Database}");
        var target = await TestDatabases.CreateAsync("sqlite", "safety_pw");
        var error = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(
            new CopyOptions { Source = wrong, Target = target }));
        Assert.DoesNotContain("Wr0ng-Secret-Pw", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(server.Host!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Identity_columns_keep_their_values_and_continue_after_the_maximum(string targetProvider)
    {
        var source = await TestDatabases.CreateAsync("sqlite", "identity_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE ticket (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL)",
            "INSERT INTO ticket (id, title) VALUES (3, 'a'), (7, 'b'), (41, 'c')");
        var target = await TestDatabases.CreateAsync(targetProvider, "identity_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions { Source = source, Target = target });
        Assert.True(result.Succeeded, result.Summary.Error);
        var d = TestDatabases.Registry.Resolve(target).Dialect;
        var table = d.Qualify(SchemaTranslator.MapName(new TableName(null, "ticket"), null, d));
        await TestDatabases.ExecuteAsync(target, $"INSERT INTO {table} ({d.Quote("title")}) VALUES ('d')");
        var ids = (await TestDatabases.QueryAsync(target, $"SELECT {d.Quote("id")} FROM {table} ORDER BY 1")).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([3L, 7L, 41L, 42L], ids);
    }

    [Theory]
    [InlineData("mysql", "registry_patient", "doctor")]
    [InlineData("sqlite", "registry_patient", "doctor")]
    [InlineData("postgres", "registry.patient", "public.doctor")]
    public async Task A_non_default_schema_becomes_a_table_prefix_where_the_target_has_no_schemas(string targetProvider, string patient, string doctor)
    {
        var source = await TestDatabases.CreateAsync("postgres", "schema_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE SCHEMA registry",
            "CREATE TABLE public.doctor (id int PRIMARY KEY, \"Full Name\" text)",
            "CREATE TABLE registry.patient (id int PRIMARY KEY, doctor_id int REFERENCES public.doctor (id), \"Date Of Birth\" date)",
            "INSERT INTO public.doctor VALUES (1, 'Ana'), (2, 'Ben')",
            "INSERT INTO registry.patient VALUES (10, 1, '1990-01-02'), (11, 2, NULL), (12, NULL, '2001-12-31')");
        var target = await TestDatabases.CreateAsync(targetProvider, "schema_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions { Source = source, Target = target });
        Assert.True(result.Succeeded, result.Summary.Error);
        Assert.Contains(result.Summary.Tables, t => t.Source == "registry.patient" && t.Target == patient && t.Rows == 3);
        Assert.Contains(result.Summary.Tables, t => t.Source == "public.doctor" && t.Target == doctor && t.Rows == 2);
        var orphans = await TargetChecks.OrphansAsync(target);
        Assert.Single(orphans);
        Assert.Equal(0, orphans.Values.Single());
    }

    /// <summary>A strategy that fails (or calls back) after some rows, to exercise failure handling.</summary>
    private sealed class FailingStrategy(int afterRows, Action? onRow = null) : StrategyDefinition
    {
        public override string Name => "fail_after";
        public override string Description => "test only";
        public override string Example => "{ strategy: fail_after }";
        public override IReadOnlySet<TypeClass> AcceptedTypes { get; } = Enum.GetValues<TypeClass>().ToHashSet();
        public override IColumnTransformer Create(StrategyBinding binding) => new Transformer(afterRows, onRow);

        private sealed class Transformer(int afterRows, Action? onRow) : IColumnTransformer
        {
            private int _rows;
            public object? Transform(object? value)
            {
                onRow?.Invoke();
                if (++_rows > afterRows) throw new InvalidOperationException("planted failure");
                return value;
            }
        }
    }

    private sealed class CancelOnFirstRows(CancellationTokenSource cts) : ICopyProgress
    {
        public void Phase(string description) { }
        public void TableStarted(TableName table, long estimatedRows) { }
        public void RowsCopied(TableName table, long rows) => cts.Cancel();
        public void TableFinished(TableName table, long rows, TimeSpan elapsed) { }
        public void TableFailed(TableName table, string message) { }
    }
}
