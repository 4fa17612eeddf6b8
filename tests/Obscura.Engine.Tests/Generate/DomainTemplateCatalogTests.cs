using System.Globalization;
using System.Text.RegularExpressions;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Templates;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// Every template (and every vocabulary variant) is a consistent schema: keys and foreign keys name real columns of
/// matching types, every spec fits its column, every CHECK is portable SQL over the template's own columns and admits
/// every value the specs can produce.
/// </summary>
public sealed partial class DomainTemplateCatalogTests
{
    public static TheoryData<string, string?> TemplatesAndVariants()
    {
        var data = new TheoryData<string, string?>();
        foreach (var t in DomainTemplates.All)
        {
            if (t.Variants.Count == 0) data.Add(t.Name, null);
            foreach (var v in t.Variants) data.Add(t.Name, v.Name);
        }
        return data;
    }

    private static GenerationSchema Build(string template, string? variant) => DomainTemplates.Find(template)!.Build(variant, "en_US");

    [Fact]
    public void The_library_has_the_five_domains()
    {
        Assert.Equal(["ecommerce", "healthcare", "banking", "saas", "hr"], DomainTemplates.All.Select(t => t.Name));
        Assert.Equal(["general", "electronics", "fashion", "groceries", "books"], DomainTemplates.Find("ecommerce")!.Variants.Select(v => v.Name));
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Tables_of_the_catalog_are_the_declared_template_tables_with_a_spec_each(string template, string? variant)
    {
        var t = DomainTemplates.Find(template)!;
        var schema = t.Build(variant);
        Assert.Equal(DomainTemplate.CatalogProvider, schema.Catalog.Provider);
        Assert.Equal(t.Tables.Select(x => x.Name), schema.Catalog.Tables.Select(x => x.Name.Name));
        foreach (var table in schema.Catalog.Tables)
        {
            Assert.Null(table.Name.Schema);
            Assert.True(schema.Tables[table.Name].Rows > 0, table.Name.Name);
            Assert.NotNull(table.PrimaryKey);
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Keys_and_foreign_keys_name_existing_columns_of_matching_types(string template, string? variant)
    {
        var catalog = Build(template, variant).Catalog;
        foreach (var table in catalog.Tables)
        {
            foreach (var c in table.PrimaryKey!.Columns) Assert.True(table.FindColumn(c) is { IsNullable: false }, $"{table.Name}.{c} is a NOT NULL key column");
            foreach (var key in table.UniqueKeys) foreach (var c in key.Columns) Assert.NotNull(table.FindColumn(c));
            foreach (var index in table.Indexes) foreach (var c in index.Columns) Assert.NotNull(table.FindColumn(c));
            foreach (var fk in table.ForeignKeys)
            {
                var parent = catalog.FindTable(fk.ReferencedTable);
                Assert.True(parent is not null, $"{table.Name}: {fk.ReferencedTable} exists");
                Assert.Equal(fk.Columns.Count, fk.ReferencedColumns.Count);
                var referencedIsKey = parent!.PrimaryKey!.Columns.SequenceEqual(fk.ReferencedColumns)
                                      || parent.UniqueKeys.Any(u => u.Columns.SequenceEqual(fk.ReferencedColumns));
                Assert.True(referencedIsKey, $"{table.Name} {fk.Name} references a primary or unique key");
                for (var i = 0; i < fk.Columns.Count; i++)
                {
                    var child = table.FindColumn(fk.Columns[i]);
                    var referenced = parent.FindColumn(fk.ReferencedColumns[i]);
                    Assert.NotNull(child);
                    Assert.NotNull(referenced);
                    Assert.Equal(referenced!.TypeClass, child!.TypeClass);
                    Assert.Equal(referenced.IntegerBits, child.IntegerBits);
                    Assert.Equal(referenced.MaxLength, child.MaxLength);
                    Assert.False(child.IsIdentity, $"{table.Name}.{child.Name} is a reference, not an identity");
                }
            }
        }
    }

    [Fact]
    public void The_library_has_a_composite_key_a_composite_foreign_key_and_a_self_reference()
    {
        var tables = DomainTemplates.All.SelectMany(t => t.Build().Catalog.Tables).ToList();
        Assert.Contains(tables, t => t.PrimaryKey!.Columns.Count > 1);
        Assert.Contains(tables, t => t.ForeignKeys.Any(fk => fk.Columns.Count > 1));
        Assert.Contains(tables, t => t.ForeignKeys.Any(fk => fk.ReferencedTable == t.Name));
        var returns = DomainTemplates.Find("ecommerce")!.Build().Catalog.FindTable("returns")!;
        Assert.Contains(returns.ForeignKeys, fk => fk.Columns.SequenceEqual(["order_id", "product_id"]) && fk.ReferencedTable.Name == "order_items");
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Specs_name_existing_columns_and_fit_their_types(string template, string? variant)
    {
        var schema = Build(template, variant);
        var fakerKinds = new FakerStrategy().Parameters.Single(p => p.Name == "kind").Choices!.ToHashSet();
        foreach (var table in schema.Catalog.Tables)
        {
            var spec = schema.Tables[table.Name];
            foreach (var (name, value) in spec.Columns)
            {
                var column = table.FindColumn(name);
                Assert.True(column is not null, $"{table.Name}.{name} exists");
                var where = $"{table.Name}.{name}";
                Assert.InRange(value.NullRatio, 0, column!.IsNullable ? 0.95 : 0);
                Assert.False(table.IsForeignKeyColumn(name), $"{where}: a foreign key column takes its values from the parent");
                switch (value)
                {
                    case FakerValueSpec f:
                        Assert.Contains(f.Kind, fakerKinds);
                        Assert.Equal(f.Kind == "date_of_birth" ? TypeClass.Date : TypeClass.Text, column.TypeClass);
                        break;
                    case TemplateValueSpec t:
                        Assert.Equal(TypeClass.Text, column.TypeClass);
                        foreach (Match m in Placeholder().Matches(t.Template))
                        {
                            Assert.True(table.FindColumn(m.Groups[1].Value) is not null, $"{where}: {{{m.Groups[1].Value}}} is a column");
                        }
                        Assert.Matches(Placeholder(), t.Template);
                        break;
                    case TextValueSpec text:
                        Assert.Equal(TypeClass.Text, column.TypeClass);
                        Assert.True(text.MaxLength <= column.MaxLength, where);
                        Assert.True(text.MinLength >= 0 && text.MinLength <= text.MaxLength, where);
                        if (text.Shape is { } shape) Assert.Equal(shape.Length, text.MaxLength);
                        break;
                    case ChoiceValueSpec choice:
                        Assert.NotEmpty(choice.Values);
                        if (choice.Weights is { } weights)
                        {
                            Assert.Equal(choice.Values.Count, weights.Count);
                            Assert.All(weights, w => Assert.True(w > 0, where));
                        }
                        foreach (var v in choice.Values) AssertFits(column, v, where);
                        break;
                    case RangeValueSpec range:
                        Assert.True(column.TypeClass is TypeClass.Integer or TypeClass.Decimal, where);
                        Assert.True(range.Min <= range.Max, where);
                        AssertNumberFits(column, range.Min, where);
                        AssertNumberFits(column, range.Max, where);
                        Assert.True(column.TypeClass != TypeClass.Integer || range.Scale == 0, where);
                        break;
                    case HistogramValueSpec histogram:
                        Assert.True(column.TypeClass is TypeClass.Integer or TypeClass.Decimal, where);
                        Assert.True(column.TypeClass != TypeClass.Integer || histogram.Scale == 0, where);
                        Assert.True(column.TypeClass != TypeClass.Decimal || histogram.Scale <= column.Scale, where);
                        foreach (var b in histogram.Buckets)
                        {
                            Assert.True(b.Low < b.High && b.Weight > 0, where);
                            AssertNumberFits(column, b.Low, where);
                            AssertNumberFits(column, b.High, where);
                        }
                        break;
                    case DateRangeValueSpec dates:
                        Assert.True(column.TypeClass is TypeClass.Date or TypeClass.DateTime, where);
                        Assert.True(dates.From < dates.To, where);
                        break;
                    default:
                        Assert.Fail($"{where}: unexpected spec {value.GetType().Name}");
                        break;
                }
            }
            foreach (var key in spec.FanOut.Keys)
            {
                Assert.Contains(table.ForeignKeys, fk => string.Join(",", fk.Columns) == key);
                var fanOut = spec.FanOut[key];
                Assert.Equal(fanOut.Counts.Count, fanOut.Weights.Count);
                Assert.All(fanOut.Counts, c => Assert.True(c >= 0));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Columns_without_a_spec_are_keys_or_references(string template, string? variant)
    {
        var schema = Build(template, variant);
        foreach (var table in schema.Catalog.Tables)
        {
            foreach (var column in table.Columns)
            {
                if (schema.Tables[table.Name].Columns.ContainsKey(column.Name)) continue;
                Assert.True(column.IsIdentity || table.IsForeignKeyColumn(column.Name), $"{table.Name}.{column.Name} has a spec");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Lookup_tables_list_each_vocabulary_entry_once(string template, string? variant)
    {
        var t = DomainTemplates.Find(template)!;
        var schema = t.Build(variant);
        foreach (var lookup in t.Tables.Where(x => x.IsLookup))
        {
            var table = schema.Catalog.FindTable(lookup.Name)!;
            var spec = schema.Tables[table.Name];
            Assert.Equal(lookup.DefaultRows, spec.Rows);
            var inOrder = spec.Columns.Values.OfType<ChoiceValueSpec>().Where(c => c.InOrder).ToList();
            Assert.NotEmpty(inOrder);
            Assert.All(inOrder, c => Assert.Equal(lookup.MaxRows, c.Values.Count));
            foreach (var (name, value) in spec.Columns)
            {
                if (value is ChoiceValueSpec { InOrder: true } c && table.IsUniqueColumn(name)) Assert.Equal(c.Values.Count, c.Values.Distinct().Count());
            }
        }
        // In-order specs belong to lookup tables only: elsewhere rows outnumber the entries.
        foreach (var table in schema.Catalog.Tables.Where(x => !t.Tables.Single(d => d.Name == x.Name.Name).IsLookup))
        {
            Assert.DoesNotContain(schema.Tables[table.Name].Columns.Values, v => v is ChoiceValueSpec { InOrder: true });
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariants))]
    public void Checks_are_portable_and_admit_every_value_the_specs_produce(string template, string? variant)
    {
        var schema = Build(template, variant);
        foreach (var table in schema.Catalog.Tables)
        {
            var specs = schema.Tables[table.Name].Columns;
            foreach (var check in table.Checks)
            {
                Assert.True(check.IsPortable, check.Name);
                Assert.NotNull(check.Name);
                Assert.True(check.Name!.Length <= 63, check.Name);
                var where = $"{table.Name}: {check.Expression}";
                if (InList().Match(check.Expression) is { Success: true } inList)
                {
                    var column = inList.Groups[1].Value;
                    Assert.NotNull(table.FindColumn(column));
                    var allowed = Quoted().Matches(inList.Groups[2].Value).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToHashSet();
                    var choice = Assert.IsType<ChoiceValueSpec>(specs[column]);
                    Assert.Subset(allowed, choice.Values.ToHashSet());
                    continue;
                }
                var comparison = Comparison().Match(check.Expression);
                Assert.True(comparison.Success, $"{where} is IN, BETWEEN or a comparison with a number");
                var col = comparison.Groups[1].Value;
                Assert.NotNull(table.FindColumn(col));
                var (min, max) = comparison.Groups[2].Value switch
                {
                    "BETWEEN" => (Number(comparison.Groups[3].Value), Number(comparison.Groups[4].Value)),
                    ">=" => (Number(comparison.Groups[3].Value), double.PositiveInfinity),
                    ">" => (Math.BitIncrement(Number(comparison.Groups[3].Value)), double.PositiveInfinity),
                    _ => throw new InvalidOperationException(where),
                };
                var (low, high) = SpecBounds(specs[col], where);
                Assert.True(low >= min && high <= max, $"{where}: spec gives [{low}, {high}]");
            }
        }
    }

    [Fact]
    public void Unquoted_names_in_checks_are_no_reserved_words_of_any_dialect()
    {
        // Reserved in PostgreSQL, MySQL 8 or MariaDB and plausible as column names.
        string[] reserved = ["rank", "order", "key", "range", "group", "user", "check", "desc", "condition", "interval", "row", "rows",
                             "position", "status_code", "reads", "usage", "window", "lead", "lag", "system", "current_date", "limit", "offset"];
        foreach (var table in DomainTemplates.All.SelectMany(t => t.Build().Catalog.Tables))
        {
            foreach (var check in table.Checks)
            {
                foreach (Match m in Identifier().Matches(Quoted().Replace(check.Expression, "")))
                {
                    Assert.DoesNotContain(m.Value, reserved);
                }
            }
        }
    }

    [Fact]
    public void Names_fit_the_shortest_identifier_limit()
    {
        foreach (var table in DomainTemplates.All.SelectMany(t => t.Build().Catalog.Tables))
        {
            Assert.True(table.Name.Name.Length <= 63);
            Assert.All(table.Columns, c => Assert.True(c.Name.Length <= 63 && c.Name.All(ch => ch is (>= 'a' and <= 'z') or '_' or (>= '0' and <= '9'))));
            Assert.All(table.ForeignKeys, fk => Assert.True(fk.Name!.Length <= 63, fk.Name));
            Assert.All(table.UniqueKeys, u => Assert.True(u.Name!.Length <= 63, u.Name));
        }
    }

    private static (double Low, double High) SpecBounds(ValueSpec spec, string where) => spec switch
    {
        RangeValueSpec r => (r.Min, r.Max),
        HistogramValueSpec h => (h.Buckets.Min(b => b.Low), h.Buckets.Max(b => b.High)),
        ChoiceValueSpec c => (c.Values.Min(Number), c.Values.Max(Number)),
        _ => throw new InvalidOperationException($"{where}: a numeric check on a {spec.GetType().Name}"),
    };

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void AssertFits(Column column, string value, string where)
    {
        switch (column.TypeClass)
        {
            case TypeClass.Text:
                Assert.True(value.Length <= column.MaxLength, $"{where}: \"{value}\" fits {column.MaxLength}");
                break;
            case TypeClass.Integer:
                AssertNumberFits(column, long.Parse(value, CultureInfo.InvariantCulture), where);
                break;
            case TypeClass.Decimal:
                var d = decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(d.Scale <= column.Scale, where);
                AssertNumberFits(column, (double)d, where);
                break;
            case TypeClass.Boolean:
                Assert.Contains(value, new[] { "true", "false" });
                break;
            default:
                Assert.Fail($"{where}: choice on {column.TypeClass}");
                break;
        }
    }

    private static void AssertNumberFits(Column column, double value, string where)
    {
        if (column.TypeClass == TypeClass.Integer)
        {
            var limit = Math.Pow(2, (column.IntegerBits ?? 64) - 1);
            Assert.True(value >= -limit && value < limit, $"{where}: {value} fits {column.IntegerBits} bits");
            return;
        }
        var digits = column.Precision!.Value - column.Scale!.Value;
        Assert.True(Math.Abs(value) < Math.Pow(10, digits), $"{where}: {value} fits numeric({column.Precision},{column.Scale})");
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^([a-z_]+) IN \(((?:'(?:[^']|'')*'(?:, )?)+)\)$")]
    private static partial Regex InList();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^([a-z_]+) (BETWEEN|>=|>) (-?[0-9.]+)(?: AND (-?[0-9.]+))?$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\b[a-z_]+\b")]
    private static partial Regex Identifier();
}
