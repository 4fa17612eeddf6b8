using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class JsonTests
{
    private static readonly Column Profile = Columns.Of("profile", TypeClass.Json);

    private const string Document = """
        {
          "name": "Priya",
          "contact": { "email": "priya@corp.in", "phone": "9876543210" },
          "items": [ { "sku": "A-1", "qty": 2 }, { "sku": "B-2", "qty": 10 } ],
          "note": "caf\u00e9 \"quoted\"",
          "nested": { "deep": { "phone": "5551234" } }
        }
        """;

    [Fact]
    public void Json_modifies_only_the_named_paths_and_keeps_the_rest_byte_for_byte()
    {
        var json = RowBind.Create("json", Profile, ["path_1", "$.contact.email", "strategy_1", "fixed", "1_value", "user@example.org"]);
        var result = (string)json.Transform(Document)!;
        Assert.Equal(Document.Replace("\"priya@corp.in\"", "\"user@example.org\"", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Json_supports_wildcards_descendants_and_number_leaves()
    {
        var json = RowBind.Create("json", Profile,
        [
            "path_1", "$.items[*].sku", "strategy_1", "hash", "1_length", "6",
            "path_2", "$..phone", "strategy_2", "mask", "2_keep_last", "2",
            "path_3", "$.items[1].qty", "strategy_3", "generalize", "3_method", "range", "3_width", "5",
        ]);
        var result = (string)json.Transform(Document)!;
        using var parsed = System.Text.Json.JsonDocument.Parse(result);
        var root = parsed.RootElement;
        var sku = root.GetProperty("items")[0].GetProperty("sku").GetString()!;
        Assert.Matches("^[a-z2-7]{6}$", sku);
        Assert.Equal("********10", root.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("*****34", root.GetProperty("nested").GetProperty("deep").GetProperty("phone").GetString());
        Assert.Equal(10, root.GetProperty("items")[1].GetProperty("qty").GetInt32());
        Assert.Equal(2, root.GetProperty("items")[0].GetProperty("qty").GetInt32());
        Assert.Equal("Priya", root.GetProperty("name").GetString());
        Assert.Equal("priya@corp.in", root.GetProperty("contact").GetProperty("email").GetString());
        Assert.Contains("\"caf\\u00e9 \\\"quoted\\\"\"", result, StringComparison.Ordinal);
        Assert.Equal(result, json.Transform(Document));
    }

    [Fact]
    public void Json_passes_numbers_as_decimals_and_writes_numbers_back()
    {
        var json = RowBind.Create("json", Profile, ["path_1", "$.age", "strategy_1", "generalize", "1_method", "range", "1_width", "10"]);
        Assert.Equal("{\"age\": 30, \"name\": \"x\"}", json.Transform("{\"age\": 34, \"name\": \"x\"}"));
        var nulls = RowBind.Create("json", Profile, ["path_1", "$['full name']", "strategy_1", "null"]);
        Assert.Equal("{\"full name\": null}", nulls.Transform("{\"full name\": \"Priya S\"}"));
    }

    [Fact]
    public void Json_matches_escaped_member_names_and_root_arrays()
    {
        var json = RowBind.Create("json", Profile, ["path_1", "$[*].email", "strategy_1", "fixed", "1_value", "x@example.org"]);
        Assert.Equal("[{\"em\\u0061il\": \"x@example.org\"}, {\"email\":\"x@example.org\"}, {\"mail\": \"b@c\"}]",
            json.Transform("[{\"em\\u0061il\": \"a@b\"}, {\"email\":\"c@d\"}, {\"mail\": \"b@c\"}]"));
    }

    [Fact]
    public void Json_refuses_invalid_json_naming_the_column_but_not_the_value()
    {
        var json = RowBind.Create("json", Profile, ["path_1", "$.a", "strategy_1", "hash"]);
        var error = Assert.Throws<ObscuraException>(() => json.Transform("{\"a\": \"secret-ssn-123\", oops}"));
        Assert.Contains("registry.patient.profile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.Null(json.Transform(null));
    }

    [Fact]
    public void Json_reports_incomplete_rules_bad_paths_and_inner_problems()
    {
        Assert.Contains(RowBind.Validate("json", Profile), d => d.Code == DiagnosticCodes.MissingParameter);
        Assert.Contains(RowBind.Validate("json", Profile, ["path_1", "$.a"]), d => d.Message.Contains("strategy_1", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("json", Profile, ["path_1", "a.b", "strategy_1", "hash"]), d => d.Path.EndsWith(".path_1", StringComparison.Ordinal));
        var inner = Assert.Single(RowBind.Validate("json", Profile, ["path_2", "$.a", "strategy_2", "hash", "2_lenght", "8"]));
        Assert.Equal(DiagnosticCodes.UnknownParameter, inner.Code);
        Assert.EndsWith(".strategy_2", inner.Path, StringComparison.Ordinal);
        Assert.Contains("2_length", inner.Message, StringComparison.Ordinal);
        Assert.Contains(RowBind.Validate("json", Profile, ["path_1", "$.a", "strategy_1", "date_shift"]), d => d.Code == DiagnosticCodes.TypeNotAccepted);
        Assert.Empty(RowBind.Validate("json", Profile, ["path_1", "$.a", "strategy_1", "noise", "1_scale", "2"]));
    }

    [Fact]
    public void Json_accepts_numbered_parameter_names_only()
    {
        var json = (IDynamicParameters)RowBind.Definition("json");
        Assert.NotNull(json.FindDynamicParameter("path_1"));
        Assert.NotNull(json.FindDynamicParameter("strategy_12"));
        Assert.NotNull(json.FindDynamicParameter("3_keep_last"));
        Assert.Null(json.FindDynamicParameter("path_x"));
        Assert.Null(json.FindDynamicParameter("paths"));
    }
}
