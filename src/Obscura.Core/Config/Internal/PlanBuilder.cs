using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Config.Internal;

/// <summary>The state of one <see cref="TransformPlanner.Plan"/> call.</summary>
internal sealed class PlanBuilder(ObscuraConfig config, Catalog catalog, StrategyRegistry registry, RunSecret? secret)
{
    private readonly DiagnosticBag _diagnostics = new();
    private readonly Dictionary<ColumnKey, PlanEntry> _entries = [];
    private readonly Dictionary<ColumnKey, SourceLocation> _rules = [];
    private readonly HashSet<ColumnKey> _referenced = [];
    private bool _secretReported;

    /// <summary>Binds every rule, propagates key transforms along foreign keys, and returns the plan with all diagnostics.</summary>
    public TransformPlan Build()
    {
        foreach (var table in catalog.Tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                foreach (var column in fk.ReferencedColumns) _referenced.Add(new ColumnKey(fk.ReferencedTable, column));
            }
        }
        foreach (var rule in config.Tables) BindTable(rule);
        Propagate();
        CheckReferencingWithoutKey();
        return new TransformPlan(Collect(), _diagnostics.Items);
    }

    private void BindTable(TableRule rule)
    {
        var table = catalog.FindTable(rule.Key);
        if (table is null)
        {
            ReportUnknownTable(rule);
            return;
        }
        foreach (var column in rule.Columns) BindColumn(table, rule, column);
    }

    private void ReportUnknownTable(TableRule rule)
    {
        var key = rule.Key;
        var location = rule.Location;
        var sameName = new List<string>();
        foreach (var t in catalog.Tables) if (t.Name.Name == key) sameName.Add(t.Name.ToString());
        if (sameName.Count > 1)
        {
            _diagnostics.Error(location.Path, DiagnosticCodes.AmbiguousTable,
                $"table '{key}' exists in several schemas ({string.Join(", ", sameName)}); write the schema, e.g. '{sameName[0]}'", location.Line, location.Column);
            return;
        }
        var qualified = new List<string>();
        var bare = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in catalog.Tables)
        {
            qualified.Add(t.Name.ToString());
            if (!bare.TryGetValue(t.Name.Name, out var list)) bare[t.Name.Name] = list = [];
            list.Add(t.Name.ToString());
        }
        var suggestions = NameSuggester.Suggest(key, qualified);
        if (!key.Contains('.', StringComparison.Ordinal))
        {
            foreach (var name in NameSuggester.Suggest(key, bare.Keys))
            {
                foreach (var full in bare[name]) if (!suggestions.Contains(full)) suggestions.Add(full);
            }
        }
        var hint = suggestions.Count > 0
            ? $"; did you mean {string.Join(" or ", suggestions.Take(3).Select(s => $"'{s}'"))}?"
            : $" (it has {catalog.Tables.Count} table{(catalog.Tables.Count == 1 ? "" : "s")})";
        _diagnostics.Error(location.Path, DiagnosticCodes.UnknownTable, $"table '{key}' is not in the database{hint}", location.Line, location.Column);
    }

    private void BindColumn(Table table, TableRule tableRule, ColumnRule rule)
    {
        var path = $"tables.{tableRule.Key}.columns.{rule.Column}";
        var at = rule.Location;
        var column = table.FindColumn(rule.Column);
        if (column is null)
        {
            var names = new List<string>(table.Columns.Count);
            foreach (var c in table.Columns) names.Add(c.Name);
            var suggestions = NameSuggester.Suggest(rule.Column, names);
            var hint = suggestions.Count > 0 ? $"; did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : string.Empty;
            _diagnostics.Error(path, DiagnosticCodes.UnknownColumn, $"column '{rule.Column}' is not in {table.Name}{hint}", at.Line, at.Column);
            return;
        }

        var key = new ColumnKey(table.Name, column.Name);
        var name = key.ToString();
        if (_rules.TryGetValue(key, out var first))
        {
            _diagnostics.Error(path, DiagnosticCodes.DuplicateRule, $"{name} already has a rule (line {first.Line}); keep one", at.Line, at.Column);
            return;
        }
        _rules.Add(key, at);

        var definition = registry.Find(rule.Strategy);
        var strategyAt = rule.StrategyLocation;
        if (definition is null)
        {
            var available = new List<string>();
            foreach (var d in registry.All) available.Add(d.Name);
            var hint = NameSuggester.Suggest(rule.Strategy, available) is [var best, ..] ? $"did you mean '{best}'? " : string.Empty;
            _diagnostics.Error(path, DiagnosticCodes.UnknownStrategy,
                $"unknown strategy '{rule.Strategy}'; {hint}available: {string.Join(", ", available)}", strategyAt.Line, strategyAt.Column);
            return;
        }

        var arguments = ParameterBinder.Bind(definition, rule, path, _diagnostics);
        var ok = arguments is not null;
        if (!definition.AcceptedTypes.Contains(column.TypeClass))
        {
            _diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"strategy '{definition.Name}' cannot produce values for {name} ({TypeClassNames.Of(column.TypeClass)}); it accepts: {TypeClassNames.Join(definition.AcceptedTypes)}",
                strategyAt.Line, strategyAt.Column);
            ok = false;
        }
        if (definition.ProducesNull && !column.IsNullable)
        {
            _diagnostics.Error(path, DiagnosticCodes.NullOnNotNull,
                $"strategy '{definition.Name}' writes NULL, but {name} is NOT NULL; use 'fixed' or 'hash' instead", strategyAt.Line, strategyAt.Column);
            ok = false;
        }
        if (definition.NeedsSecret && (arguments is null || definition.NeedsSecretFor(arguments)) && secret is null && !_secretReported)
        {
            _secretReported = true;
            _diagnostics.Error(path, DiagnosticCodes.MissingSecret,
                $"strategy '{definition.Name}' on {name} (and any other keyed rule) needs the run secret: set OBSCURA_SECRET or pass --secret-file",
                strategyAt.Line, strategyAt.Column);
        }
        if (!definition.IsInjective && IsKey(table, column.Name, out var why))
        {
            _diagnostics.Error(path, DiagnosticCodes.NonInjectiveOnKey,
                $"strategy '{definition.Name}' can give different rows the same value, but {name} is {why}: that would break uniqueness and joins; use 'hash' (a keyed bijection for keys)",
                strategyAt.Line, strategyAt.Column);
            ok = false;
        }
        if (!ok) return;

        var binding = new StrategyBinding
        {
            Table = table.Name,
            Column = column,
            Arguments = arguments!,
            Secret = secret,
            RowColumns = table.Columns,
            RequiresUniqueness = RequiresUniqueness(table, column.Name),
            IsKey = IsKey(table, column.Name, out _),
        };
        var local = new DiagnosticBag();
        definition.Validate(binding, path, local);
        foreach (var d in local.Items) _diagnostics.Add(d.Line is null ? d with { Line = at.Line, Column = at.Column } : d);
        if (local.HasErrors) return;
        if (table.IsUniqueColumn(column.Name) && !definition.ProducesNull && !definition.IsInjectiveFor(binding) && !definition.RetriesOnCollision(binding))
        {
            _diagnostics.Error(path, DiagnosticCodes.CollisionWithoutRetry,
                $"{name} is unique, but strategy '{definition.Name}' can give two rows the same value here and has no way to choose another; use 'fpe' (keeps the format), 'hash' or 'faker'",
                strategyAt.Line, strategyAt.Column);
            return;
        }

        var transform = new ColumnTransform { Column = column.Name, Strategy = definition.Name, Binding = binding, Definition = definition };
        _entries[key] = new PlanEntry(transform, IsExplicit: true, Parent: null, path, at);
    }

    /// <summary>Copies key transforms to referencing columns until nothing changes (chains and self-references included).</summary>
    private void Propagate()
    {
        var reported = new HashSet<ColumnKey>();
        // Each pass either adds an entry or replaces one with its parent's binding; bounded for safety.
        var guard = 0;
        foreach (var t in catalog.Tables) guard += t.Columns.Count;
        for (var changed = true; changed && guard-- >= 0;)
        {
            changed = false;
            foreach (var table in catalog.Tables)
            {
                foreach (var fk in table.ForeignKeys)
                {
                    if (catalog.FindTable(fk.ReferencedTable) is not { } referencedTable) continue;
                    for (var i = 0; i < fk.Columns.Count && i < fk.ReferencedColumns.Count; i++)
                    {
                        var parent = new ColumnKey(referencedTable.Name, fk.ReferencedColumns[i]);
                        if (!_entries.TryGetValue(parent, out var key)) continue;
                        if (table.FindColumn(fk.Columns[i]) is not { } column) continue;
                        var child = new ColumnKey(table.Name, column.Name);
                        changed |= Follow(child, column, parent, key, reported);
                    }
                }
            }
        }
    }

    private bool Follow(ColumnKey child, Column column, ColumnKey parent, PlanEntry key, HashSet<ColumnKey> reported)
    {
        var binding = key.Transform.Binding;
        if (_entries.TryGetValue(child, out var existing))
        {
            if (ReferenceEquals(existing.Transform.Binding, binding)) return false;
            // Nulling a referencing column drops the link and keeps the foreign key valid, so it may stay.
            if (existing.IsExplicit && existing.Transform.Definition.ProducesNull) return false;
            if (existing.IsExplicit)
            {
                if (reported.Add(child))
                {
                    _diagnostics.Error(existing.Path, DiagnosticCodes.RuleOnFollowingColumn,
                        $"{child} references {parent}, which is transformed; it follows the referenced key automatically; remove this rule",
                        existing.Location.Line, existing.Location.Column);
                }
            }
            else if (existing.Parent != parent)
            {
                if (reported.Add(child))
                {
                    _diagnostics.Error(key.Path, DiagnosticCodes.ConflictingPropagation,
                        $"{child} references both {existing.Parent} and {parent}, which are transformed differently; give both keys the same rule",
                        key.Location.Line, key.Location.Column);
                }
                return false;
            }
        }

        var transform = new ColumnTransform
        {
            Column = column.Name,
            Strategy = key.Transform.Strategy,
            Binding = binding,
            Definition = key.Transform.Definition,
            PropagatedFrom = parent.ToString(),
        };
        _entries[child] = new PlanEntry(transform, IsExplicit: false, parent, key.Path, key.Location);
        if (existing is null) WarnIfNarrower(child, column, binding, key);
        return true;
    }

    private void WarnIfNarrower(ColumnKey child, Column column, StrategyBinding binding, PlanEntry key)
    {
        var source = binding.Column;
        var narrower = column.TypeClass != source.TypeClass
            || (column.TypeClass == TypeClass.Integer && ColumnFit.IntegerRange(column) is var c && ColumnFit.IntegerRange(source) is var s && (c.Min > s.Min || c.Max < s.Max))
            || (column.MaxLength is { } max && (source.MaxLength is null || source.MaxLength > max))
            || (column.TypeClass == TypeClass.Decimal && column.Precision is { } p && (source.Precision is null || source.Precision > p));
        if (!narrower) return;
        _diagnostics.Warning(key.Path, DiagnosticCodes.NarrowReferencingColumn,
            $"{child} follows {binding.Table}.{source.Name} but its type is narrower; transformed key values may not fit it",
            key.Location.Line, key.Location.Column);
    }

    /// <summary>A configured rule on a foreign-key column whose referenced key stays as it is breaks the join.</summary>
    private void CheckReferencingWithoutKey()
    {
        var reported = new HashSet<ColumnKey>();
        foreach (var table in catalog.Tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                if (catalog.FindTable(fk.ReferencedTable) is not { } referencedTable) continue;
                for (var i = 0; i < fk.Columns.Count && i < fk.ReferencedColumns.Count; i++)
                {
                    var child = new ColumnKey(table.Name, fk.Columns[i]);
                    if (!_entries.TryGetValue(child, out var entry) || !entry.IsExplicit) continue;
                    var parent = new ColumnKey(referencedTable.Name, fk.ReferencedColumns[i]);
                    if (_entries.ContainsKey(parent) || entry.Transform.Definition.ProducesNull || !reported.Add(child)) continue;
                    var message = $"{child} references {parent}, which is not transformed, so transformed values would not match any row there; " +
                                  $"transform {parent} instead (its foreign keys follow it) or use \"null\"";
                    if (entry.Transform.Definition.NeedsSecret)
                        _diagnostics.Error(entry.Path, DiagnosticCodes.ForeignKeyWithoutKey, message, entry.Location.Line, entry.Location.Column);
                    else
                        _diagnostics.Warning(entry.Path, DiagnosticCodes.ForeignKeyWithoutKey, message, entry.Location.Line, entry.Location.Column);
                }
            }
        }
    }

    private bool IsKey(Table table, string column, out string why)
    {
        if (table.PrimaryKey is { } pk && pk.Columns.Contains(column))
        {
            why = "part of the primary key";
            return true;
        }
        if (_referenced.Contains(new ColumnKey(table.Name, column)))
        {
            why = "referenced by a foreign key";
            return true;
        }
        why = string.Empty;
        return false;
    }

    private bool RequiresUniqueness(Table table, string column) =>
        table.IsUniqueColumn(column) || table.IsForeignKeyColumn(column) || _referenced.Contains(new ColumnKey(table.Name, column));

    private Dictionary<TableName, IReadOnlyList<ColumnTransform>> Collect()
    {
        var result = new Dictionary<TableName, IReadOnlyList<ColumnTransform>>();
        foreach (var table in catalog.Tables)
        {
            List<ColumnTransform>? list = null;
            foreach (var column in table.Columns)
            {
                if (!_entries.TryGetValue(new ColumnKey(table.Name, column.Name), out var entry)) continue;
                (list ??= []).Add(entry.Transform);
            }
            if (list is not null) result[table.Name] = list;
        }
        return result;
    }
}
