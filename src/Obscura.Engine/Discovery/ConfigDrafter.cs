using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Discovery.Detection;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Discovery;

/// <summary>
/// Turns findings into a draft <c>obscura.yaml</c>: the best strategy per kind that the column's constraints allow, then
/// a check by the real <see cref="TransformPlanner"/>. Rules:
/// <list type="bullet">
/// <item>a column in a foreign key whose referenced key gets a rule has none (the planner propagates the key's);
/// when a personal-data column references a key that is not personal data, the key gets the rule instead;</item>
/// <item>primary keys and referenced keys get <c>hash</c> (a keyed bijection), other unique columns a collision-free
/// form (faker's permuted or tagged kinds) or <c>hash</c>;</item>
/// <item>enums get <c>hash</c> (a fake would not be one of the values); NOT NULL columns never get <c>"null"</c>;</item>
/// <item>every strategy must accept the column's type class, else <c>hash</c>, else <c>"null"</c>, else no rule;</item>
/// <item>names, emails, phones, addresses, identifiers: <c>faker</c> of the kind (locale en_IND for Indian data);
/// dates of birth: <c>date_shift</c> keyed on the row's primary key; free text: <c>text_pii</c> (or <c>faker lorem</c>
/// when it names people, which text_pii does not find); coordinates: <c>noise</c>; secrets, pictures, other IDs:
/// <c>hash</c> or <c>"null"</c>.</item>
/// </list>
/// A rule the planner refuses is replaced by the next fallback and the refusal kept in <see cref="DraftConfig.MapperErrors"/>.
/// </summary>
internal static class ConfigDrafter
{
    /// <summary>Only satisfies the planner's secret check: the draft is validated, never run, here.</summary>
    private static readonly RunSecret ValidationSecret = RunSecret.FromText("obscura-scan-draft-validation-only");

    private sealed class Rule(Table table, Column column, string comment)
    {
        public Table Table { get; } = table;
        public Column Column { get; } = column;
        public string Comment { get; } = comment;
        public string Strategy { get; set; } = "hash";
        public List<(string Key, string Value)> Parameters { get; } = [];
        public bool Dropped { get; set; }
        public string? FallbackNote { get; set; }

        public Rule Set(string strategy, params (string Key, string Value)[] parameters)
        {
            Strategy = strategy;
            Parameters.Clear();
            Parameters.AddRange(parameters);
            return this;
        }
    }

    public static DraftConfig Draft(Catalog catalog, IReadOnlyList<ColumnVerdict> verdicts, StrategyRegistry registry, string source)
    {
        var byColumn = new Dictionary<(TableName, string), ColumnVerdict>();
        foreach (var v in verdicts) byColumn[(v.Table.Name, v.Column.Name)] = v;
        var referenced = new HashSet<(TableName, string)>();
        foreach (var t in catalog.Tables)
        {
            foreach (var fk in t.ForeignKeys)
            {
                foreach (var c in fk.ReferencedColumns) referenced.Add((fk.ReferencedTable, c));
            }
        }
        var indianTables = new HashSet<TableName>();
        foreach (var v in verdicts) if (v.Classification.Indian) indianTables.Add(v.Table.Name);

        var rules = new Dictionary<(TableName, string), Rule>();
        var follows = new Dictionary<(TableName, string), string>();
        foreach (var v in verdicts.OrderBy(v => v.Table.Name).ThenBy(v => v.Column.Ordinal))
        {
            if (v.Classification.Kind is not { } kind) continue;
            if (ReferencedKey(catalog, v.Table, v.Column.Name) is { } parent)
            {
                follows[(v.Table.Name, v.Column.Name)] = $"{parent.Table.Name}.{parent.Column.Name}";
                var root = Root(catalog, parent.Table, parent.Column);
                if (!rules.ContainsKey((root.Table.Name, root.Column.Name)) && !(byColumn.TryGetValue((root.Table.Name, root.Column.Name), out var rv) && rv.Classification.Kind is not null))
                {
                    // The key itself was not found to be personal data (or not scanned): it carries the rule its references follow.
                    var keyRule = new Rule(root.Table, root.Column, $"key referenced by {v.Table.Name}.{v.Column.Name} ({ColumnKinds.Name(kind)})");
                    rules[(root.Table.Name, root.Column.Name)] = Choose(keyRule, kind, v.Classification, true, false, indianTables.Contains(root.Table.Name), registry);
                }
                continue;
            }
            var isKey = v.Table.PrimaryKey?.Columns.Contains(v.Column.Name) == true || referenced.Contains((v.Table.Name, v.Column.Name));
            var unique = v.Table.IsUniqueColumn(v.Column.Name);
            var comment = $"{ColumnKinds.Name(kind)}, confidence {v.Classification.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}"
                          + (isKey ? ", key" : unique ? ", unique" : string.Empty);
            rules[(v.Table.Name, v.Column.Name)] = Choose(new Rule(v.Table, v.Column, comment), kind, v.Classification, isKey, unique, indianTables.Contains(v.Table.Name), registry);
        }

        var mapperErrors = new List<Diagnostic>();
        IReadOnlyList<Diagnostic> diagnostics = [];
        var lines = Lines(catalog, rules, follows);
        var yaml = DraftWriter.Write(lines, source);
        for (var round = 0; round < 4; round++)
        {
            ObscuraConfig config;
            try
            {
                config = ConfigLoader.Parse(yaml, "obscura.yaml");
            }
            catch (ObscuraConfigException e)
            {
                mapperErrors.AddRange(e.Diagnostics);
                diagnostics = e.Diagnostics;
                break;
            }
            var plan = TransformPlanner.Plan(config, catalog, registry, ValidationSecret);
            diagnostics = plan.Diagnostics;
            var errors = plan.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
            if (errors.Count == 0) break;
            if (round == 0) mapperErrors.AddRange(errors);
            var changed = false;
            foreach (var error in errors)
            {
                var rule = rules.Values.FirstOrDefault(r => !r.Dropped && error.Path == PathOf(catalog, r));
                if (rule is not null && Fallback(rule, registry, error.Code)) changed = true;
            }
            if (!changed) break;
            lines = Lines(catalog, rules, follows);
            yaml = DraftWriter.Write(lines, source);
        }
        return new DraftConfig(yaml, rules.Values.Count(r => !r.Dropped), mapperErrors, diagnostics) { Tables = lines };
    }

    /// <summary>The key a foreign-key column references, when the column is in a foreign key.</summary>
    private static (Table Table, Column Column)? ReferencedKey(Catalog catalog, Table table, string column)
    {
        foreach (var fk in table.ForeignKeys)
        {
            for (var i = 0; i < fk.Columns.Count && i < fk.ReferencedColumns.Count; i++)
            {
                if (fk.Columns[i] != column) continue;
                if (catalog.FindTable(fk.ReferencedTable) is { } parent && parent.FindColumn(fk.ReferencedColumns[i]) is { } key) return (parent, key);
            }
        }
        return null;
    }

    /// <summary>Follows foreign keys up to the key that references nothing (chains: note → visit → patient).</summary>
    private static (Table Table, Column Column) Root(Catalog catalog, Table table, Column column)
    {
        var seen = new HashSet<(TableName, string)>();
        while (seen.Add((table.Name, column.Name)) && ReferencedKey(catalog, table, column.Name) is { } parent) (table, column) = parent;
        return (table, column);
    }

    private static Rule Choose(Rule rule, ColumnKind kind, ColumnClassification c, bool isKey, bool unique, bool indian, StrategyRegistry registry)
    {
        var column = rule.Column;
        var type = column.TypeClass;
        var locale = indian ? "en_IND" : "en";
        if (isKey || column.EnumValues is { Count: > 0 }) return Hashed(rule, registry);

        bool Faker(string fakerKind, bool withLocale = true)
        {
            if (!Accepts(registry, "faker", type)) return false;
            if (withLocale && locale != "en") rule.Set("faker", ("kind", fakerKind), ("locale", locale));
            else rule.Set("faker", ("kind", fakerKind));
            return true;
        }

        var text = type == TypeClass.Text;
        switch (kind)
        {
            case ColumnKind.Email when text && (!unique || column.MaxLength is null or >= 32):
                Faker("email", withLocale: false);
                return rule;
            case ColumnKind.Phone when type is TypeClass.Text or TypeClass.Integer or TypeClass.Decimal:
                Faker("phone");
                return rule;
            case ColumnKind.FirstName when text && !unique:
                Faker("first_name");
                return rule;
            case ColumnKind.LastName when text && !unique:
                Faker("last_name");
                return rule;
            case ColumnKind.FullName when text && !unique:
                Faker("full_name");
                return rule;
            case ColumnKind.DateOfBirth when !unique && type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset:
                // The row's key keys the shift, so every date of one person moves together.
                if (rule.Table.PrimaryKey is { Columns.Count: 1 } pk && pk.Columns[0] != column.Name) rule.Set("date_shift", ("entity", pk.Columns[0]));
                else rule.Set("date_shift");
                return rule;
            case ColumnKind.DateOfBirth when !unique && text:
                Faker("date_of_birth", withLocale: false);
                return rule;
            case ColumnKind.StreetAddress when text && !unique:
                Faker("street_address");
                return rule;
            case ColumnKind.PostalCode when text && !unique:
                Faker("postal_code");
                return rule;
            case ColumnKind.Ssn when type is TypeClass.Text or TypeClass.Integer or TypeClass.Decimal:
                Faker("ssn", withLocale: false);
                return rule;
            case ColumnKind.NationalId when c.Indian && type is TypeClass.Text or TypeClass.Integer or TypeClass.Decimal:
                Faker("national_id", withLocale: false);
                return rule;
            case ColumnKind.Pan when text:
                Faker("pan", withLocale: false);
                return rule;
            case ColumnKind.Iban when text && !unique:
                Faker("iban", withLocale: false);
                return rule;
            case ColumnKind.Card when type is TypeClass.Text or TypeClass.Integer or TypeClass.Decimal:
                Faker("credit_card", withLocale: false);
                return rule;
            case ColumnKind.IpAddress when text && (!unique || !c.MostlyIpv6 || column.MaxLength is null or >= 39):
                Faker(c.MostlyIpv6 ? "ipv6" : "ipv4", withLocale: false);
                return rule;
            case ColumnKind.Username when text && (!unique || column.MaxLength is null or >= 24):
                Faker("username", withLocale: false);
                return rule;
            case ColumnKind.GeoLocation when type is TypeClass.Float or TypeClass.Decimal && !unique:
            {
                // About 2 km of noise; more when the column keeps few decimals, so rounding rarely gives the value back.
                var scale = Math.Max(0.02, 50 * Math.Pow(10, -(column.Scale ?? 6)));
                var bound = c.IsLatitude ? "90" : "180";
                rule.Set("noise", ("scale", scale.ToString("0.####", CultureInfo.InvariantCulture)), ("min", "-" + bound), ("max", bound));
                return rule;
            }
            case ColumnKind.FreeText when type is TypeClass.Text && c.EmbeddedNames && !unique:
                // text_pii replaces what its scanner finds; names in prose it cannot see, so the whole text is replaced.
                Faker("lorem", withLocale: false);
                return rule;
            case ColumnKind.FreeText when type is TypeClass.Text or TypeClass.Json && !unique:
                rule.Set("text_pii");
                return rule;
            case ColumnKind.Photo when column.IsNullable && type is TypeClass.Binary or TypeClass.Other:
                rule.Set("null");
                return rule;
        }
        return Hashed(rule, registry);
    }

    private static Rule Hashed(Rule rule, StrategyRegistry registry)
    {
        if (Accepts(registry, "hash", rule.Column.TypeClass)) return rule.Set("hash");
        if (rule.Column.IsNullable && !rule.Table.IsUniqueColumn(rule.Column.Name) && Accepts(registry, "null", rule.Column.TypeClass)) return rule.Set("null");
        rule.Dropped = true;
        rule.FallbackNote = $"no strategy fits type {rule.Column.TypeClass.ToString().ToLowerInvariant()}; transform it by hand";
        return rule;
    }

    /// <summary>The next rule after the planner refused one: hash, then "null", then none.</summary>
    private static bool Fallback(Rule rule, StrategyRegistry registry, string code)
    {
        var before = rule.Strategy;
        if (rule.Strategy != "hash" && Accepts(registry, "hash", rule.Column.TypeClass)) rule.Set("hash");
        else if (rule.Strategy != "null" && rule.Column.IsNullable && Accepts(registry, "null", rule.Column.TypeClass)) rule.Set("null");
        else
        {
            rule.Dropped = true;
            rule.FallbackNote = $"the planner refused every rule ({code}); transform it by hand";
            return true;
        }
        rule.FallbackNote = $"'{before}' was refused ({code})";
        return true;
    }

    private static bool Accepts(StrategyRegistry registry, string strategy, TypeClass type) =>
        registry.Find(strategy) is { } d && d.AcceptedTypes.Contains(type);

    private static string PathOf(Catalog catalog, Rule rule) => DraftWriter.PathOf(DraftWriter.TableKey(catalog, rule.Table), rule.Column.Name);

    private static List<DraftTable> Lines(Catalog catalog, Dictionary<(TableName, string), Rule> rules, Dictionary<(TableName, string), string> follows)
    {
        var tables = new List<DraftTable>();
        foreach (var table in catalog.Tables)
        {
            var columns = new List<DraftColumn>();
            foreach (var column in table.Columns)
            {
                if (rules.TryGetValue((table.Name, column.Name), out var rule))
                {
                    var comment = rule.Comment + (rule.FallbackNote is null ? string.Empty : "; " + rule.FallbackNote);
                    columns.Add(rule.Dropped
                        ? new DraftColumn(column.Name, comment)
                        : new DraftColumn(column.Name, comment) { Strategy = rule.Strategy, Parameters = [.. rule.Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value))] });
                }
                else if (follows.TryGetValue((table.Name, column.Name), out var parent))
                {
                    columns.Add(new DraftColumn(column.Name, string.Empty) { Follows = parent });
                }
            }
            if (columns.Count > 0) tables.Add(new DraftTable(DraftWriter.TableKey(catalog, table), columns));
        }
        return tables;
    }
}
