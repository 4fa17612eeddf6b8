using System.Globalization;
using System.Text.RegularExpressions;
using Obscura.Core.Schema;
using Obscura.Engine.Generate.Templates;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// Every template planned and generated in memory (as the generator's streams compute rows, no database): the
/// generator understands every CHECK, and the rows keep every key, unique, NOT NULL, foreign key and CHECK.
/// </summary>
public sealed partial class DomainTemplateGenerationTests
{
    public static TheoryData<string, string?> TemplatesAndVariants() => DomainTemplateCatalogTests.TemplatesAndVariants();

    private static (Dictionary<string, List<object?[]>> Rows, Catalog Catalog) Generate(string template, string? variant, double scale)
    {
        var t = DomainTemplates.Find(template)!;
        var root = t.Tables.First(x => !x.IsLookup && x.ScalesWith is null);
        var schema = t.Build(variant, "en_US", new Dictionary<string, long> { [root.Name] = (long)(root.DefaultRows * scale) });
        var counts = schema.Tables.ToDictionary(x => x.Key.Name, x => x.Value.Rows!.Value);
        var plans = SpecHarness.Plan(schema, counts, seed: 7, out var diagnostics, locale: "en_US");
        Assert.Empty(diagnostics.Items);
        var rows = counts.Keys.ToDictionary(name => name, name => SpecHarness.Rows(plans, name));
        foreach (var (name, count) in counts) Assert.Equal(count, rows[name].Count);
        return (rows, schema.Catalog);
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Generated_rows_keep_every_constraint(string template, string? variant)
    {
        var (rows, catalog) = Generate(template, variant, 0.1);
        foreach (var table in catalog.Tables)
        {
            var data = rows[table.Name.Name];
            int Index(string column) => table.Columns.ToList().FindIndex(c => c.Name == column);
            foreach (var column in table.Columns.Where(c => !c.IsNullable))
            {
                var i = Index(column.Name);
                Assert.All(data, r => Assert.NotNull(r[i]));
            }
            foreach (var key in new[] { table.PrimaryKey! }.Concat(table.UniqueKeys))
            {
                var idx = key.Columns.Select(Index).ToArray();
                var tuples = data.Select(r => string.Join("\u0001", idx.Select(i => Convert.ToString(r[i], CultureInfo.InvariantCulture)))).ToList();
                Assert.True(tuples.Count == tuples.Distinct().Count(), $"{table.Name} ({string.Join(", ", key.Columns)}) is unique");
            }
            foreach (var fk in table.ForeignKeys)
            {
                var parent = catalog.FindTable(fk.ReferencedTable)!;
                var parentIdx = fk.ReferencedColumns.Select(c => parent.Columns.ToList().FindIndex(x => x.Name == c)).ToArray();
                var keys = rows[parent.Name.Name].Select(r => string.Join("\u0001", parentIdx.Select(i => Convert.ToString(r[i], CultureInfo.InvariantCulture)))).ToHashSet();
                var idx = fk.Columns.Select(Index).ToArray();
                foreach (var r in data)
                {
                    if (idx.Any(i => r[i] is null)) continue;
                    var value = string.Join("\u0001", idx.Select(i => Convert.ToString(r[i], CultureInfo.InvariantCulture)));
                    Assert.True(keys.Contains(value), $"{table.Name} {fk.Name} has a parent");
                }
            }
            foreach (var check in table.Checks)
            {
                Assert.All(data, r => Assert.True(Holds(check.Expression, table, r), $"{table.Name}: {check.Expression}"));
            }
        }
    }

    [Fact]
    public void Lookup_rows_keep_codes_next_to_their_names()
    {
        var (rows, catalog) = Generate("healthcare", null, 0.02);
        var diagnoses = catalog.FindTable("diagnoses")!;
        var code = diagnoses.Columns.ToList().FindIndex(c => c.Name == "diagnosis_code");
        var name = diagnoses.Columns.ToList().FindIndex(c => c.Name == "name");
        var chapter = diagnoses.Columns.ToList().FindIndex(c => c.Name == "chapter");
        var hypertension = Assert.Single(rows["diagnoses"], r => (string)r[code]! == "I10");
        Assert.Equal("High blood pressure without known cause", hypertension[name]);
        Assert.Equal("Circulatory system", hypertension[chapter]);
        Assert.Equal(rows["diagnoses"].Count, rows["diagnoses"].Select(r => r[code]).Distinct().Count());
    }

    [Fact]
    public void Emails_follow_the_row_names()
    {
        var (rows, catalog) = Generate("ecommerce", "electronics", 0.1);
        var users = catalog.FindTable("users")!;
        var cols = users.Columns.ToList();
        int first = cols.FindIndex(c => c.Name == "first_name"), last = cols.FindIndex(c => c.Name == "last_name"), email = cols.FindIndex(c => c.Name == "email");
        foreach (var r in rows["users"])
        {
            var expected = Letters((string)r[first]!) + "." + Letters((string)r[last]!);
            Assert.StartsWith(expected, (string)r[email]!, StringComparison.Ordinal);
            Assert.EndsWith("@example.com", (string)r[email]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Electronics_products_take_electronics_names()
    {
        var (rows, catalog) = Generate("ecommerce", "electronics", 0.1);
        var name = catalog.FindTable("products")!.Columns.ToList().FindIndex(c => c.Name == "name");
        var categories = catalog.FindTable("categories")!.Columns.ToList().FindIndex(c => c.Name == "name");
        Assert.Contains(rows["products"], r => ((string)r[name]!).Contains("Laptop", StringComparison.Ordinal));
        Assert.Contains(rows["categories"], r => (string)r[categories]! == "Smartphones");
    }

    private static string Letters(string s) => new(s.ToLowerInvariant().Where(char.IsLetter).ToArray());

    /// <summary>Evaluates the template's portable CHECK forms on one generated row (NULL satisfies a CHECK, as in SQL).</summary>
    private static bool Holds(string expression, Table table, object?[] row)
    {
        object? Value(string column) => row[table.Columns.ToList().FindIndex(c => c.Name == column)];
        if (InList().Match(expression) is { Success: true } m)
        {
            var v = Value(m.Groups[1].Value);
            if (v is null) return true;
            var allowed = Quoted().Matches(m.Groups[2].Value).Select(q => q.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
            return allowed.Contains(Convert.ToString(v, CultureInfo.InvariantCulture));
        }
        var c = Comparison().Match(expression);
        Assert.True(c.Success, expression);
        var value = Value(c.Groups[1].Value);
        if (value is null) return true;
        var x = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        var a = decimal.Parse(c.Groups[3].Value, CultureInfo.InvariantCulture);
        return c.Groups[2].Value switch
        {
            "BETWEEN" => x >= a && x <= decimal.Parse(c.Groups[4].Value, CultureInfo.InvariantCulture),
            ">=" => x >= a,
            ">" => x > a,
            _ => false,
        };
    }

    [GeneratedRegex(@"^([a-z_]+) IN \(((?:'(?:[^']|'')*'(?:, )?)+)\)$")]
    private static partial Regex InList();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^([a-z_]+) (BETWEEN|>=|>) (-?[0-9.]+)(?: AND (-?[0-9.]+))?$")]
    private static partial Regex Comparison();
}
