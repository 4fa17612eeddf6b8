using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Release;
using Parquet;

namespace Obscura.Engine.Tests.Release;

/// <summary>Bad input is refused with a coded diagnostic before anything is written; Parquet and full-domain outputs.</summary>
public sealed class ReleaseInputTests : IAsyncLifetime
{
    private DatabaseUri _source = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _source = await TestDatabases.CreateAsync("sqlite", "release_input");
        await TestDatabases.ExecuteAsync(_source,
            "CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, job TEXT, city TEXT, disease TEXT)");
        var jobs = new[] { "nurse", "doctor", "teacher", "lecturer" };
        var statements = Enumerable.Range(0, 200).Select(i =>
            $"INSERT INTO people VALUES ({i}, {20 + i % 50}, '{jobs[i % 4]}', 'city{i % 3}', '{(i % 3 == 0 ? "flu" : i % 3 == 1 ? "cold" : "ulcer")}')").ToArray();
        await TestDatabases.ExecuteAsync(_source, statements);
        _dir = Path.Combine(Path.GetTempPath(), "obscura-release-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "h"));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "h", "job.csv"), ["nurse;health;*", "doctor;health;*", "teacher;education;*", "lecturer;education;*"]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_source.Database);
        return Task.CompletedTask;
    }

    private ReleaseOptions Options(string output = "out.csv") => new()
    {
        Source = _source,
        Table = "people",
        QuasiIdentifiers = ["age", "job"],
        K = 5,
        HierarchyDirectory = Path.Combine(_dir, "h"),
        OutputFile = Path.Combine(_dir, output),
    };

    private async Task AssertRefusedAsync(ReleaseOptions options, string code, string? mentions = null)
    {
        var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(options));
        Assert.Contains(ex.Diagnostics, d => d.Code == code && (mentions is null || d.ToString().Contains(mentions, StringComparison.Ordinal)));
        Assert.False(File.Exists(options.OutputFile!), "nothing may be written");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public Task Unknown_table() => AssertRefusedAsync(Options() with { Table = "nobody" }, DiagnosticCodes.UnknownTable);

    [Fact]
    public Task Unknown_column() => AssertRefusedAsync(Options() with { QuasiIdentifiers = ["age", "salary"] }, DiagnosticCodes.UnknownColumn, "salary");

    [Fact]
    public Task A_text_quasi_identifier_without_a_hierarchy() => AssertRefusedAsync(Options() with { QuasiIdentifiers = ["age", "city"] }, DiagnosticCodes.HierarchyMissing, "city");

    [Fact]
    public async Task A_value_the_hierarchy_does_not_cover_is_named_by_column_and_row_not_by_value()
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "h", "city.csv"), ["city0;*", "city1;*"]);
        try
        {
            var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(Options() with { QuasiIdentifiers = ["age", "city"] }));
            Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.HierarchyNotCovering && d.Message.Contains("\"city\"") && d.Message.Contains("row "));
            Assert.DoesNotContain("city2", ex.Message + string.Join("\n", ex.Diagnostics));
            Assert.False(File.Exists(Path.Combine(_dir, "out.csv")));
        }
        finally
        {
            File.Delete(Path.Combine(_dir, "h", "city.csv"));
        }
    }

    [Fact]
    public async Task A_malformed_hierarchy_names_the_file_and_line()
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "h", "city.csv"), ["city0;*", "city1;x;*", "city2;*"]);
        try
        {
            var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(Options() with { QuasiIdentifiers = ["age", "city"] }));
            Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.HierarchyInvalid && d.Line == 2 && d.Path.EndsWith("city.csv", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(Path.Combine(_dir, "h", "city.csv"));
        }
    }

    [Theory]
    [InlineData(1, 0.0, "--k")]
    [InlineData(5, -0.1, "--suppression")]
    [InlineData(5, 1.0, "--suppression")]
    public Task Parameters_out_of_range(int k, double suppression, string option) =>
        AssertRefusedAsync(Options() with { K = k, SuppressionLimit = suppression }, DiagnosticCodes.ReleaseInvalidParameter, option);

    [Fact]
    public Task L_diversity_without_a_sensitive_column() => AssertRefusedAsync(Options() with { L = 2 }, DiagnosticCodes.ReleaseInvalidParameter, "--sensitive");

    [Fact]
    public Task Criteria_the_table_cannot_meet() =>
        // Three diseases: distinct 4-diversity is impossible even for the whole table.
        AssertRefusedAsync(Options() with { Sensitive = "disease", L = 4 }, DiagnosticCodes.ReleaseInfeasible);

    [Fact]
    public async Task An_existing_output_table_is_refused_before_reading()
    {
        var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(
            Options() with { OutputFile = null, Target = _source, OutputTable = "people" }));
        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.ReleaseTargetExists);
    }

    [Fact]
    public async Task Parquet_output_with_t_closeness_and_full_domain_recoding()
    {
        var options = Options("out.parquet") with { Sensitive = "disease", T = 0.2, Method = ReleaseMethod.FullDomain, Keep = ["id"] };
        var result = await new ReleaseService(ObscuraRuntime.CreateDefault()).RunAsync(options);
        Assert.True(result.Succeeded, result.Report.Error);
        Assert.Equal("full-domain", result.Report.Method);
        Assert.NotNull(result.Report.Levels);
        Assert.Equal(["0.2-closeness (equal distance)"], result.Report.Models);
        await using var reader = await ParquetReader.CreateAsync(options.OutputFile!);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["age", "job", "disease", "id"], fields.Select(f => f.Name));
        Assert.Equal(1, reader.RowGroupCount);
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(result.Report.Released, group.RowCount);
        var values = new string?[group.RowCount];
        await group.ReadAsync(fields[1], values.AsMemory());
        // Full-domain: one job level for every row.
        var jobs = values.Distinct().ToList();
        Assert.True(jobs.All(j => j is "health" or "education") || jobs.All(j => j is "*") || jobs.All(j => j is "nurse" or "doctor" or "teacher" or "lecturer"), string.Join(",", jobs));
    }
}
