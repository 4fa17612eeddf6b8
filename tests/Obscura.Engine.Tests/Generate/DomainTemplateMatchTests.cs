using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Templates;

namespace Obscura.Engine.Tests.Generate;

/// <summary>Choosing a template by keywords, and row counts from <c>--rows</c>.</summary>
public sealed class DomainTemplateMatchTests
{
    [Fact]
    public void The_issue_example_chooses_ecommerce_with_the_electronics_vocabulary()
    {
        var match = DomainTemplates.Match("e-commerce platform selling electronics", "en_US");
        Assert.Equal("ecommerce", match.Name);
        Assert.Equal("electronics", match.Variant);
        Assert.Contains("\"ecommerce\"", match.Why, StringComparison.Ordinal);
        Assert.Contains("vocabulary electronics", match.Why, StringComparison.Ordinal);

        var schema = match.WithRows(new Dictionary<string, long> { ["users"] = 10_000, ["orders"] = 50_000, ["products"] = 500 });
        var products = schema.Tables.Single(t => t.Key.Name == "products").Value;
        var names = Assert.IsType<ChoiceValueSpec>(products.Columns["name"]);
        Assert.Contains("55-inch 4K LED Smart TV", names.Values);
        Assert.DoesNotContain("Linen Wrap Dress", names.Values);
        var users = schema.Tables.Single(t => t.Key.Name == "users").Value;
        Assert.Equal(new FakerValueSpec("first_name", "en_US"), users.Columns["first_name"]);
    }

    [Theory]
    [InlineData("online fashion store", "ecommerce", "fashion")]
    [InlineData("webshop", "ecommerce", "general")]
    [InlineData("Retail shop for books and novels", "ecommerce", "books")]
    [InlineData("grocery delivery app", "ecommerce", "groceries")]
    [InlineData("supermarket", "ecommerce", "groceries")]
    [InlineData("a marketplace for gadgets and smartphones", "ecommerce", "electronics")]
    [InlineData("hospital patient registry", "healthcare", null)]
    [InlineData("Clinic with patients, doctors and prescriptions", "healthcare", null)]
    [InlineData("EHR of a GP practice", "healthcare", null)]
    [InlineData("retail bank with payments and credit cards", "banking", null)]
    [InlineData("fintech wallet", "banking", null)]
    [InlineData("bank", "banking", null)]
    [InlineData("CRM for a B2B SaaS startup", "saas", null)]
    [InlineData("subscriptions billing with MRR and churn", "saas", null)]
    [InlineData("sales pipeline with deals and leads", "saas", null)]
    [InlineData("HR system with employees and payroll", "hr", null)]
    [InlineData("workforce headcount and salaries", "hr", null)]
    [InlineData("Human Resources", "hr", null)]
    [InlineData("healthcare", "healthcare", null)]
    public void Keywords_choose_the_template_and_vocabulary(string context, string template, string? variant)
    {
        var match = DomainTemplates.Match(context);
        Assert.Equal(template, match.Name);
        Assert.Equal(variant, match.Variant);
    }

    [Fact]
    public void Matching_is_deterministic()
    {
        var first = DomainTemplates.Match("store selling clothes and shoes online");
        for (var i = 0; i < 5; i++) Assert.Equal(first, DomainTemplates.Match("store selling clothes and shoes online"));
        static string Json(GenerationSchema s) => JsonSerializer.Serialize(new
        {
            s.Catalog,
            Tables = s.Tables.Select(t => new { Table = t.Key.ToString(), t.Value.Rows, Columns = t.Value.Columns.ToDictionary(c => c.Key, c => (object)c.Value), t.Value.FanOut }),
        });
        Assert.Equal(Json(first.Schema), Json(DomainTemplates.Match("store selling clothes and shoes online").Schema));
    }

    [Theory]
    [InlineData("weather station telemetry")]
    [InlineData("   ")]
    [InlineData("")]
    public void A_context_without_keywords_is_refused_with_the_list_of_templates(string context)
    {
        var error = Assert.Throws<ObscuraConfigException>(() => DomainTemplates.Match(context));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.NoTemplateMatches, diagnostic.Code);
        foreach (var t in DomainTemplates.All) Assert.Contains(t.Name + " (", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("not understood by a language model", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stems_let_plurals_and_ing_forms_meet_their_keywords()
    {
        Assert.Equal("hr", DomainTemplates.Match("Employees").Name);
        Assert.Equal("healthcare", DomainTemplates.Match("patients' records").Name);
        Assert.Equal("banking", DomainTemplates.Match("banking").Name);
        Assert.Equal("ecommerce", DomainTemplates.Match("shopping").Name);
        Assert.Equal("ecommerce", DomainTemplates.Match("stores").Name);
        Assert.Equal("ecommerce", DomainTemplates.Match("web shop").Name);
    }

    [Fact]
    public void The_example_rows_give_exact_counts_and_scaled_defaults()
    {
        var schema = DomainTemplates.Match("e-commerce platform selling electronics")
            .WithRows(new Dictionary<string, long> { ["users"] = 10_000, ["orders"] = 50_000, ["products"] = 500 });
        var rows = schema.Tables.ToDictionary(t => t.Key.Name, t => t.Value.Rows);
        Assert.Equal(10_000, rows["users"]);
        Assert.Equal(50_000, rows["orders"]);
        Assert.Equal(500, rows["products"]);
        Assert.Equal(150_000, rows["order_items"]);
        Assert.Equal(15_000, rows["product_reviews"]);
        Assert.Equal(6_000, rows["returns"]);
        Assert.Equal(24, rows["categories"]);
    }

    [Fact]
    public void Unnamed_root_tables_scale_like_the_named_ones()
    {
        var schema = DomainTemplates.Find("ecommerce")!.Build(rows: new Dictionary<string, long> { ["orders"] = 50_000 });
        var rows = schema.Tables.ToDictionary(t => t.Key.Name, t => t.Value.Rows);
        // orders' default is 5,000: everything scales by 10.
        Assert.Equal(10_000, rows["users"]);
        Assert.Equal(2_000, rows["products"]);
        Assert.Equal(150_000, rows["order_items"]);
        Assert.Equal(24, rows["categories"]);
    }

    [Fact]
    public void A_scale_multiplies_the_defaults_but_not_the_lookup_tables()
    {
        var schema = DomainTemplates.Find("ecommerce")!.Build(rows: new Dictionary<string, long> { ["products"] = 7 }, scale: 0.1);
        var rows = schema.Tables.ToDictionary(t => t.Key.Name, t => t.Value.Rows);
        Assert.Equal(100, rows["users"]);
        Assert.Equal(500, rows["orders"]);
        Assert.Equal(1_500, rows["order_items"]);
        Assert.Equal(7, rows["products"]);
        Assert.Equal(24, rows["categories"]);
    }

    [Fact]
    public void Fan_outs_are_stretched_to_the_ratio_of_the_counts()
    {
        var schema = DomainTemplates.Find("ecommerce")!.Build(rows: new Dictionary<string, long> { ["users"] = 1_000, ["orders"] = 20_000 });
        var orders = schema.Tables.Single(t => t.Key.Name == "orders").Value;
        var fanOut = orders.FanOut["user_id"];
        var mean = fanOut.Counts.Select((c, i) => c * fanOut.Weights[i]).Sum() / fanOut.Weights.Sum();
        Assert.InRange(mean, 19, 21);
        var defaults = DomainTemplates.Find("ecommerce")!.Build().Tables.Single(t => t.Key.Name == "orders").Value.FanOut["user_id"];
        var defaultMean = defaults.Counts.Select((c, i) => c * defaults.Weights[i]).Sum() / defaults.Weights.Sum();
        Assert.InRange(defaultMean, 4.95, 5.05);
    }

    [Fact]
    public void Every_template_has_default_fan_outs_near_its_default_ratios()
    {
        foreach (var template in DomainTemplates.All)
        {
            var schema = template.Build();
            foreach (var table in schema.Catalog.Tables)
            {
                foreach (var (key, fanOut) in schema.Tables[table.Name].FanOut)
                {
                    var fk = table.ForeignKeys.Single(f => string.Join(",", f.Columns) == key);
                    var ratio = (double)schema.Tables[table.Name].Rows!.Value / schema.Tables[fk.ReferencedTable].Rows!.Value;
                    var mean = fanOut.Counts.Select((c, i) => c * fanOut.Weights[i]).Sum() / fanOut.Weights.Sum();
                    Assert.InRange(mean / ratio, 0.85, 1.15);
                }
            }
        }
    }

    [Fact]
    public void A_table_the_template_lacks_is_refused_with_its_tables()
    {
        var match = DomainTemplates.Match("e-commerce platform selling electronics");
        var error = Assert.Throws<ObscuraConfigException>(() => match.WithRows(new Dictionary<string, long> { ["customers"] = 10, ["users"] = 5 }));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.TemplateUnknownTable, diagnostic.Code);
        Assert.Contains("customers", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("users, categories, products, orders, order_items, product_reviews, returns", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lookup_table_takes_no_more_rows_than_its_vocabulary()
    {
        var template = DomainTemplates.Find("healthcare")!;
        var error = Assert.Throws<ObscuraConfigException>(() => template.Build(rows: new Dictionary<string, long> { ["diagnoses"] = 1_000 }));
        Assert.Equal(DiagnosticCodes.TemplateLookupTooLarge, Assert.Single(error.Diagnostics).Code);
        var fewer = template.Build(rows: new Dictionary<string, long> { ["diagnoses"] = 10 });
        Assert.Equal(10, fewer.Tables.Single(t => t.Key.Name == "diagnoses").Value.Rows);
    }
}
