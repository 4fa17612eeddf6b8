using Obscura.Core.Config;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Tests.Config;

public sealed class ConfigLoaderTests
{
    private static ObscuraConfigException Fails(string yaml) => Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse(yaml));

    [Fact]
    public void Mapping_rules_are_read_with_strategy_and_parameters()
    {
        var config = ConfigLoader.Parse("""
            tables:
              registry.patient:
                columns:
                  surname:    { strategy: hash }
                  aadhar_no:  { strategy: mask, keep_last: 4 }
                  photo:      { strategy: "null" }
                  city:       { strategy: fixed, value: "Redacted" }
            """);
        var table = Assert.Single(config.Tables);
        Assert.Equal("registry.patient", table.Key);
        Assert.Equal(["surname", "aadhar_no", "photo", "city"], table.Columns.Select(c => c.Column));
        Assert.Equal(["hash", "mask", "null", "fixed"], table.Columns.Select(c => c.Strategy));
        Assert.Equal("4", table.Columns[1].Parameters["keep_last"].Text);
        Assert.True(table.Columns[3].Parameters["value"].Quoted);
    }

    [Fact]
    public void Shorthand_names_the_strategy_directly()
    {
        var rule = ConfigLoader.Parse("tables:\n  patient:\n    columns:\n      surname: hash\n      photo: null\n").Tables[0].Columns;
        Assert.Equal(["hash", "null"], rule.Select(r => r.Strategy));
    }

    [Fact]
    public void Locations_are_one_based_lines_and_columns()
    {
        var rule = ConfigLoader.Parse("tables:\n  patient:\n    columns:\n      surname: { strategy: mask, keep_last: 4 }\n").Tables[0].Columns[0];
        Assert.Equal(new SourceLocation("tables.patient.columns.surname", 4, 7), rule.Location);
        Assert.Equal(4, rule.StrategyLocation.Line);
        Assert.Equal(new SourceLocation("tables.patient.columns.surname.keep_last", 4, 45), rule.Parameters["keep_last"].Location);
    }

    [Fact]
    public void An_empty_file_is_an_empty_config() => Assert.Empty(ConfigLoader.Parse("").Tables);

    [Fact]
    public void A_comment_only_file_is_an_empty_config() => Assert.Empty(ConfigLoader.Parse("# nothing yet\n").Tables);

    [Fact]
    public void Empty_tables_is_an_empty_config() => Assert.Empty(ConfigLoader.Parse("tables: {}\n").Tables);

    [Fact]
    public void Reserved_keys_are_accepted_and_ignored()
    {
        var config = ConfigLoader.Parse("version: 1\nsecret_file: /run/secret\nrelations: []\ntables:\n  t:\n    where: \"id < 10\"\n    sample: 0.1\n    columns: { a: hash }\n");
        Assert.Equal("hash", config.Tables[0].Columns[0].Strategy);
    }

    [Fact]
    public void An_unknown_top_level_key_is_an_error_with_its_line()
    {
        var d = Assert.Single(Fails("tables: {}\ntabels: {}\n").Diagnostics);
        Assert.Equal((DiagnosticCodes.UnknownKey, "tabels", 2, 1), (d.Code, d.Path, d.Line, d.Column));
        Assert.Contains("did you mean 'tables'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_table_section_key_is_an_error() =>
        Assert.Equal("tables.t.colums", Assert.Single(Fails("tables:\n  t:\n    colums: {}\n").Diagnostics).Path);

    [Fact]
    public void A_rule_without_strategy_is_an_error_at_the_column()
    {
        var d = Assert.Single(Fails("tables:\n  t:\n    columns:\n      a: { keep_last: 4 }\n").Diagnostics);
        Assert.Equal((DiagnosticCodes.MissingStrategy, "tables.t.columns.a", 4), (d.Code, d.Path, d.Line));
    }

    [Fact]
    public void An_empty_rule_is_a_missing_strategy() =>
        Assert.Equal(DiagnosticCodes.MissingStrategy, Assert.Single(Fails("tables:\n  t:\n    columns:\n      a:\n").Diagnostics).Code);

    [Fact]
    public void A_list_where_a_mapping_is_expected_is_an_error()
    {
        var d = Assert.Single(Fails("tables:\n  - t\n").Diagnostics);
        Assert.Equal((DiagnosticCodes.WrongShape, "tables", 2), (d.Code, d.Path, d.Line));
    }

    [Fact]
    public void A_parameter_that_is_a_mapping_is_an_error() =>
        Assert.Equal("tables.t.columns.a.value", Assert.Single(Fails("tables:\n  t:\n    columns:\n      a: { strategy: fixed, value: { x: 1 } }\n").Diagnostics).Path);

    [Fact]
    public void Duplicate_keys_are_reported_with_both_lines()
    {
        var d = Assert.Single(Fails("tables:\n  t:\n    columns:\n      a: hash\n      a: mask\n").Diagnostics);
        Assert.Equal((DiagnosticCodes.DuplicateKey, 5), (d.Code, d.Line));
        Assert.Contains("line 4", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_with_its_place()
    {
        var d = Assert.Single(Fails("tables:\n  t:\n    columns:\n      a: { strategy: hash\n").Diagnostics);
        Assert.Equal(DiagnosticCodes.YamlSyntax, d.Code);
        Assert.NotNull(d.Line);
    }

    [Fact]
    public void An_unclosed_flow_sequence_at_the_end_is_a_syntax_error() =>
        Assert.Equal(DiagnosticCodes.YamlSyntax, Assert.Single(Fails("tables: [1\n").Diagnostics).Code);

    [Fact]
    public void Several_problems_are_reported_at_once()
    {
        var e = Fails("""
            tabels: {}
            tables:
              t:
                columns:
                  a: { keep_last: 4 }
                  b: [hash]
                  c: hash
                  c: mask
                extra: 1
            """);
        Assert.Equal([DiagnosticCodes.UnknownKey, DiagnosticCodes.MissingStrategy, DiagnosticCodes.WrongShape, DiagnosticCodes.DuplicateKey, DiagnosticCodes.UnknownKey],
            e.Diagnostics.Select(d => d.Code));
        Assert.Equal([1, 5, 6, 8, 9], e.Diagnostics.Select(d => d.Line!.Value));
        Assert.Contains("5 problems", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_resolve_to_their_anchor()
    {
        var config = ConfigLoader.Parse("tables:\n  a:\n    columns:\n      x: &h { strategy: hash, length: 20 }\n  b:\n    columns:\n      y: *h\n");
        Assert.Equal("20", config.Tables[1].Columns[0].Parameters["length"].Text);
    }

    [Fact]
    public void A_second_document_is_an_error() =>
        Assert.Equal(DiagnosticCodes.YamlSyntax, Assert.Single(Fails("tables: {}\n---\ntables: {}\n").Diagnostics).Code);

    [Fact]
    public void LoadFile_reads_the_file_and_records_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"obscura-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "tables:\n  t:\n    columns:\n      a: hash\n");
        try
        {
            var config = ConfigLoader.LoadFile(path);
            Assert.Equal(path, config.FilePath);
            Assert.Single(config.Tables);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_of_a_missing_file_is_a_config_error() =>
        Assert.Equal(DiagnosticCodes.UnreadableFile,
            Assert.Single(Assert.Throws<ObscuraConfigException>(() => ConfigLoader.LoadFile("/nonexistent/obscura.yaml")).Diagnostics).Code);
}
