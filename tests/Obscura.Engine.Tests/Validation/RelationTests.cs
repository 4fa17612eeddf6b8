using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Tests.Validation;

/// <summary>Config <c>relations:</c>: parsed with their places, bound by validation, checked across databases.</summary>
public sealed class RelationTests
{
    [Fact]
    public void Relations_are_read_with_defaults_and_databases()
    {
        var config = ConfigLoader.Parse("""
            relations:
              - { table: visit, columns: patient_ref, references: patient, referenced_columns: [id] }
              - table: visit
                columns: [reg_id, site]
                references: person
                database: clinical
                references_database: identity
            """);
        Assert.Equal(2, config.Relations.Count);
        Assert.Equal(["patient_ref"], config.Relations[0].Columns);
        Assert.Equal(["id"], config.Relations[0].ReferencedColumns);
        Assert.False(config.Relations[0].CrossesDatabases);
        Assert.Equal(["reg_id", "site"], config.Relations[1].ReferencedColumns);
        Assert.True(config.Relations[1].CrossesDatabases);
        Assert.Equal("clinical:visit(reg_id, site) → identity:person(reg_id, site)", config.Relations[1].ToString());
    }

    [Fact]
    public void Ill_formed_relations_are_all_reported()
    {
        var error = Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse("""
            relations:
              - { table: visit, columns: [a, b], references: patient, referenced_columns: [id] }
              - { table: visit, columns: [a] }
              - { table: visit, columns: [a], references: p, colour: red }
            """));
        Assert.Contains(error.Diagnostics, d => d.Message.Contains("pair up by position", StringComparison.Ordinal) && d.Line == 2);
        Assert.Contains(error.Diagnostics, d => d.Message.Contains("no 'references'", StringComparison.Ordinal) && d.Line == 3);
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKey && d.Line == 4);
    }

    [Fact]
    public async Task A_relation_naming_an_unknown_column_stops_validation_with_OBS501()
    {
        var source = await ValidationSchema.CreateSourceAsync("sqlite");
        var target = await ValidationSchema.CreateTargetAsync("sqlite", plant: false);
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new ValidationService(ObscuraRuntime.CreateDefault()).RunAsync(
            source, target, ConfigLoader.Parse(ValidationSchema.Config), null,
            new ValidationOptions { Relations = [new RelationRule { Table = "tickets", Columns = ["no_such"], ReferencedTable = "customers", ReferencedColumns = ["id"] }] }));
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.RelationUnknownName && d.Message.Contains("no_such", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orphans_of_a_relation_across_databases_are_counted_with_their_keys()
    {
        var identity = await TestDatabases.CreateAsync("postgres", "val_identity");
        var clinical = await TestDatabases.CreateAsync("mysql", "val_clinical");
        await TestDatabases.ExecuteAsync(identity, "CREATE TABLE person (reg_id bigint PRIMARY KEY, name text)",
            "INSERT INTO person VALUES (1001, 'a'), (1002, 'b'), (1003, 'c')");
        await TestDatabases.ExecuteAsync(clinical, "CREATE TABLE visit (id INTEGER PRIMARY KEY, reg_id BIGINT)",
            "INSERT INTO visit VALUES (1, 1001), (2, 1002), (3, 4040), (4, NULL), (5, 1003), (6, 5050)");
        var runtime = ObscuraRuntime.CreateDefault();
        await using var a = runtime.Connect(identity);
        await using var b = runtime.Connect(clinical);
        var check = await ValidationService.CheckCrossDatabaseRelationsAsync(
            new Dictionary<string, DatabaseEndpoint> { ["identity"] = a, ["clinical"] = b },
            [new RelationRule { Table = "visit", Columns = ["reg_id"], ReferencedTable = "person", ReferencedColumns = ["reg_id"], Database = "clinical", ReferencedDatabase = "identity" }],
            new ValidationOptions());
        Assert.Equal(ValidationStatus.Failed, check.Status);
        Assert.Equal(2, check.Failures);
        Assert.Equal(["id=3", "id=6"], check.Examples.Select(e => e.Key));
    }
}
