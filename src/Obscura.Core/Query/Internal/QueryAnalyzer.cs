using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy;
using Obscura.Core.Query.Ast;
using Obscura.Core.Query.Policy;
using Obscura.Core.Schema;

namespace Obscura.Core.Query.Internal;

/// <summary>
/// Validates a parsed query against the policy and rewrites it: resolves names, classifies columns, derives bounds,
/// bounds contributions per person, and plans the measures and the post-processing. Pure: no I/O.
/// </summary>
internal sealed class QueryAnalyzer
{
    private static readonly HashSet<string> AggregateNames = new(StringComparer.Ordinal)
    {
        "COUNT", "COUNT_BIG", "SUM", "AVG", "MEAN", "VAR", "VARIANCE", "VAR_POP", "VAR_SAMP", "VARP", "STDDEV", "STDEV", "STD", "STDDEV_POP",
        "STDDEV_SAMP", "STDEVP", "MIN", "MAX", "MEDIAN", "PERCENTILE_CONT", "PERCENTILE_DISC",
    };

    private readonly PrivacyPolicy _policy;
    private readonly Catalog _catalog;
    private readonly SqlTarget _target;
    private readonly PrivacyRequest _request;
    /// <summary>The bind parameter (a 64-bit integer drawn per run) that keys the per-person row sampling.</summary>
    public const string HashKeyParameter = "@obscura_key";
    private readonly Dictionary<string, CommonTableExpression> _ctes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _explanation = [];
    private readonly SortedSet<string> _tables = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _columns = new(StringComparer.Ordinal);

    public QueryAnalyzer(PrivacyPolicy policy, Catalog catalog, SqlTarget target, PrivacyRequest request)
    {
        _policy = policy;
        _catalog = catalog;
        _target = target;
        _request = request;
    }

    public QueryPlan Analyze(QueryStatement statement)
    {
        foreach (var cte in statement.With)
        {
            if (!_ctes.TryAdd(cte.Name, cte))
                throw Reject(DiagnosticCodes.QueryUnknownName, $"the common table expression '{cte.Name}' is defined twice", cte.Position);
        }
        var selects = new List<SelectQuery>();
        Flatten(statement.Body, selects);
        var drafts = new List<BranchDraft>();
        var relations = selects.ConvertAll(s => s.From is null
            ? throw Reject(DiagnosticCodes.QueryNotSelect, "the query reads no table", s.Position)
            : AnalyzeFrom(s.From));
        if (relations.TrueForAll(r => !r.IsPrivate))
            return PublicPlan(statement, selects, relations);
        for (var i = 0; i < selects.Count; i++)
        {
            if (!relations[i].IsPrivate)
                throw Reject(DiagnosticCodes.QueryUnsupported, "a UNION ALL mixing public and private branches is not supported", selects[i].Position);
            drafts.Add(AnalyzeAggregate(selects[i], relations[i]));
        }
        var width = drafts[0].Outputs.Count;
        foreach (var d in drafts.Skip(1))
        {
            if (d.Outputs.Count != width)
                throw Reject(DiagnosticCodes.QueryAggregateShape, $"the branches of the UNION ALL return {width} and {d.Outputs.Count} columns", d.Query.Position);
        }
        var names = drafts[0].Names;
        // ORDER BY: output names and ordinals everywhere; other expressions over one SELECT only.
        var descending = new List<bool>();
        foreach (var order in statement.OrderBy)
        {
            descending.Add(order.Descending);
            var output = OutputIndex(order.Expression, names);
            foreach (var d in drafts)
            {
                if (output is { } o) d.SortKeys.Add(new SlotExpression(SlotKind.Output, o, order.Expression.Position));
                else if (drafts.Count == 1) d.SortKeys.Add(d.Transform(order.Expression, "ORDER BY"));
                else throw Reject(DiagnosticCodes.QueryUnsupported, "ORDER BY of a UNION ALL names an output column or its position", order.Expression.Position);
            }
        }
        // Divide ε (and δ) among every noisy statistic of every branch.
        var measureCount = drafts.Sum(d => d.MeasureCount);
        if (measureCount == 0) throw Reject(DiagnosticCodes.QueryAggregateShape, "the query computes nothing from the private rows", statement.Body.Position);
        var thresholded = drafts.Count(d => d.NeedsThreshold);
        var gaussian = _request.Noise == NoiseKind.Gaussian;
        if ((thresholded > 0 || gaussian) && _request.Delta <= 0)
            throw new QueryRefusedException(DiagnosticCodes.QueryRefused,
                (gaussian ? "Gaussian noise" : "releasing GROUP BY keys that have no public domain (τ-threshold)") + " needs δ > 0; pass --delta or set delta_per_query");
        var epsilonShare = _request.Epsilon / measureCount;
        var thresholdDelta = thresholded == 0 ? 0 : (gaussian ? _request.Delta / 2 : _request.Delta) / thresholded;
        var noiseDelta = gaussian ? (thresholded == 0 ? _request.Delta : _request.Delta / 2) / measureCount : 0;
        var branches = drafts.ConvertAll(d => d.Build(epsilonShare, noiseDelta, thresholdDelta));
        var delta = thresholded > 0 || gaussian ? _request.Delta : 0;
        _explanation.Add($"ε = {Fmt(_request.Epsilon)} divided equally among {measureCount} noisy statistic{(measureCount == 1 ? "" : "s")}: ε = {Fmt(epsilonShare)} each"
            + (gaussian ? $"; Gaussian noise with δ = {Fmt(noiseDelta)} each" : "; Laplace noise (discrete for whole numbers)"));
        if (thresholded > 0) _explanation.Add($"δ = {Fmt(thresholdDelta * thresholded)} spent on τ-thresholding of GROUP BY keys");
        long? limit = statement.Limit;
        if (drafts.Count == 1 && selects[0].Top is { } top) limit = limit is { } l ? Math.Min(l, top) : top;
        return new QueryPlan
        {
            Statement = statement,
            Columns = names,
            Branches = branches,
            SortDescending = descending,
            Limit = limit,
            Offset = statement.Offset,
            Epsilon = _request.Epsilon,
            Delta = delta,
            Tables = _tables.ToList(),
            ColumnsTouched = _columns.ToList(),
            Explanation = _explanation,
            Mechanism = gaussian ? "gaussian" : "laplace",
        };
    }

    private static int? OutputIndex(SqlExpression e, IReadOnlyList<string> names)
    {
        if (e is LiteralExpression { Value: long ordinal })
        {
            if (ordinal < 1 || ordinal > names.Count)
                throw Reject(DiagnosticCodes.QueryUnknownName, $"ORDER BY {ordinal}: there are {names.Count} output columns", e.Position);
            return (int)ordinal - 1;
        }
        if (e is ColumnReference { Qualifier: null } c)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], c.Name, StringComparison.OrdinalIgnoreCase)) return i;
            }
        }
        return null;
    }

    private static void Flatten(QueryExpression q, List<SelectQuery> into)
    {
        switch (q)
        {
            case SelectQuery s:
                into.Add(s);
                break;
            case SetOperation { Operator: "UNION", All: true } u:
                Flatten(u.Left, into);
                Flatten(u.Right, into);
                break;
            case SetOperation op:
                throw Reject(DiagnosticCodes.QueryUnsupported, $"{op.Operator}{(op.All ? " ALL" : string.Empty)} is not supported; only UNION ALL of aggregates", op.Position);
        }
    }

    // ---------------------------------------------------------------- FROM

    private Relation AnalyzeFrom(TableSource source) => source switch
    {
        NamedTable n when _ctes.TryGetValue(n.Name, out var cte) && n.Schema is null => Derived(cte.Query, n.Alias ?? cte.Name, n.Position),
        NamedTable n => Named(n),
        DerivedTable d => Derived(d.Query, d.Alias, d.Position),
        JoinedTable j => Join(j),
        _ => throw Reject(DiagnosticCodes.QueryUnsupported, "this FROM item is not supported", source.Position),
    };

    private Relation Named(NamedTable n)
    {
        var table = FindTable(n.Schema, n.Name)
            ?? throw Reject(DiagnosticCodes.QueryUnknownName, $"unknown table '{(n.Schema is null ? n.Name : n.Schema + "." + n.Name)}'", n.Position);
        var display = table.Name.ToString();
        _tables.Add(display);
        var policyTable = _policy.TableFor(table.Name.Schema, table.Name.Name);
        string[] tableNames = table.Name.Schema is null ? [table.Name.Name] : [table.Name.Schema + "." + table.Name.Name, table.Name.Name];
        var ruleClass = _policy.ClassOf(tableNames);
        foreach (var rule in _policy.RulesMatching(tableNames))
            _explanation.Add($"table {display}: rule '{rule.Text}' (line {rule.Line}) → {rule.Class.ToString().ToLowerInvariant()}");
        if (ruleClass == DataClass.Restricted)
            throw Reject(DiagnosticCodes.QueryForbiddenColumn, $"table {display} is restricted by the policy: it may not appear in a query", n.Position);
        var isPrivate = policyTable is not null || ruleClass == DataClass.Confidential;
        if (!isPrivate && ruleClass != DataClass.Public)
            throw Reject(DiagnosticCodes.QueryUnknownName,
                $"table {display} is not described in the policy; add it under 'tables' (private) or classify it with a rule (public)", n.Position);
        if (policyTable is not null)
            _explanation.Add($"table {display}: private (policy key '{policyTable.Key}', line {policyTable.Line}), " +
                (policyTable.PrivacyUnit is { } u ? $"privacy unit {u}, at most {policyTable.MaxContributions} row(s) per person" : "row-level privacy (each row is one person)"));
        else if (isPrivate)
            _explanation.Add($"table {display}: confidential by rule, row-level privacy, no declared bounds");
        else
            _explanation.Add($"table {display}: public");
        var alias = n.ExposedName;
        var quotedAlias = _target.Quote(alias);
        var columns = new List<RelationColumn>();
        RelationColumn? unit = null;
        foreach (var c in table.Columns)
        {
            var declared = policyTable?.Column(c.Name);
            string[] names = table.Name.Schema is null ? [table.Name.Name + "." + c.Name] : [table.Name.Name + "." + c.Name, table.Name.Schema + "." + table.Name.Name + "." + c.Name];
            var columnRule = _policy.ClassOf(names);
            var cls = (DataClass)Math.Max((int)(isPrivate ? DataClass.Confidential : DataClass.Public), (int)(columnRule ?? DataClass.Public));
            var restrictedBy = cls == DataClass.Restricted
                ? _policy.RulesMatching(names).Where(r => r.Class == DataClass.Restricted).Select(r => $"'{r.Text}' (line {r.Line})").FirstOrDefault()
                : null;
            var isUnit = policyTable?.PrivacyUnit is { } pu && string.Equals(pu, c.Name, StringComparison.OrdinalIgnoreCase);
            var column = new RelationColumn
            {
                Qualifier = alias,
                Name = c.Name,
                Sql = quotedAlias + "." + _target.Quote(c.Name),
                Bounds = declared is { IsBounded: true } ? new Interval(declared.Lower!.Value, declared.Upper!.Value) : null,
                UnboundedReason = declared is null
                    ? $"column {table.Name.Name}.{c.Name} has no lower/upper bounds in the policy"
                    : $"column {table.Name.Name}.{c.Name} is declared without lower/upper bounds",
                Kind = declared is not null ? KindOf(declared.Type) : KindOf(c.TypeClass),
                Class = cls,
                PrivateId = declared?.PrivateId == true || isUnit,
                IsUnit = isUnit,
                Origin = table.Name.Name + "." + c.Name,
                Domain = declared?.Values,
                RestrictedBy = restrictedBy,
            };
            columns.Add(column);
            if (isUnit) unit = column;
        }
        if (policyTable?.PrivacyUnit is { } unitName && unit is null)
            throw Reject(DiagnosticCodes.QueryUnknownName, $"the privacy unit '{unitName}' of {display} is not a column of the table", n.Position);
        var unique = unit is not null && IsSingleColumnKey(table, unit.Name);
        return new Relation
        {
            Columns = columns,
            Sql = QualifiedName(table.Name) + " AS " + quotedAlias,
            IsPrivate = isPrivate,
            Unit = unit,
            MaxContributions = policyTable?.MaxContributions ?? 1,
            UnitIsUnique = unique,
            RowPrivacy = isPrivate && unit is null,
            Tables = [display],
        };
    }

    private static bool IsSingleColumnKey(Table table, string column)
    {
        if (table.PrimaryKey is { Columns: [var pk] } && string.Equals(pk, column, StringComparison.Ordinal)) return true;
        var c = table.FindColumn(column);
        if (c is null || c.IsNullable) return false;
        return table.UniqueKeys.Any(u => u.Columns is [var only] && only == column)
            || table.Indexes.Any(i => i.IsUnique && i.Columns is [var only] && only == column);
    }

    private string QualifiedName(TableName name) =>
        name.Schema is null || _target.Engine == "sqlite" ? _target.Quote(name.Name) : _target.Quote(name.Schema) + "." + _target.Quote(name.Name);

    private Table? FindTable(string? schema, string name)
    {
        var candidates = _catalog.Tables.Where(t => string.Equals(t.Name.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (schema is not null)
        {
            var inSchema = candidates.Where(t => string.Equals(t.Name.Schema, schema, StringComparison.OrdinalIgnoreCase)).ToList();
            // A schema the database does not have (SmartNoise's PUMS.PUMS on SQLite) falls back to the bare table name.
            if (inSchema.Count > 0 || _catalog.Schemas.Contains(schema, StringComparer.OrdinalIgnoreCase)) candidates = inSchema;
        }
        if (candidates.Count <= 1) return candidates.FirstOrDefault();
        var exact = candidates.Where(t => t.Name.Name == name).ToList();
        if (exact.Count == 1) return exact[0];
        var inDefault = candidates.Where(t => t.Name.Schema == _catalog.DefaultSchema).ToList();
        if (inDefault.Count == 1) return inDefault[0];
        throw Reject(DiagnosticCodes.QueryUnknownName, $"the table name '{name}' is ambiguous; qualify it with its schema", null);
    }

    private Relation Derived(QueryExpression query, string alias, SqlPosition at)
    {
        if (query is not SelectQuery inner)
            throw Reject(DiagnosticCodes.QueryUnsupported, "a UNION inside a subquery or CTE is not supported", at);
        if (inner.From is null) throw Reject(DiagnosticCodes.QueryNotSelect, "the subquery reads no table", inner.Position);
        var rel = AnalyzeFrom(inner.From);
        if (rel.IsPrivate && (inner.GroupBy.Count > 0 || inner.Items.Any(i => ContainsAggregate(i.Expression))))
            return PerPerson(inner, rel, alias, at);
        if (rel.IsPrivate && (inner.Having is not null || inner.Distinct || inner.Top is not null))
            throw Reject(DiagnosticCodes.QueryAggregateShape,
                "subqueries and CTEs over private tables must be row-level transformations (no HAVING, DISTINCT or TOP), or aggregate per person (GROUP BY the privacy unit); the outermost SELECT is the one protected",
                inner.Position);
        var scope = Renderer(rel);
        var where = inner.Where is null ? null : RenderCondition(inner.Where, rel, "WHERE");
        var items = new List<(string Name, SqlExpression Expr, string Sql, RelationColumn? Source)>();
        foreach (var item in inner.Items)
        {
            if (item.Expression is StarExpression star)
            {
                foreach (var c in rel.Columns.Where(c => !c.Hidden && (star.Qualifier is null || string.Equals(c.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase))))
                {
                    if (c.Class == DataClass.Restricted) continue; // SELECT * quietly leaves restricted columns out
                    items.Add((c.Name, new ColumnReference(c.Qualifier, c.Name, star.Position), c.Sql, c));
                }
                continue;
            }
            CheckRowLevel(item.Expression, rel, allowWindows: true);
            var name = item.Alias ?? (item.Expression as ColumnReference)?.Name
                ?? throw Reject(DiagnosticCodes.QueryUnsupported, $"give the expression '{item.Text}' an alias (AS name) so the outer query can use it", item.Expression.Position);
            items.Add((name, item.Expression, scope.Render(item.Expression), item.Expression is ColumnReference cr ? Resolve(rel, cr) : null));
        }
        var duplicate = items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw Reject(DiagnosticCodes.QueryUnknownName, $"the subquery '{alias}' returns two columns named '{duplicate.Key}'; alias them apart", at);
        var quotedAlias = _target.Quote(alias);
        var columns = new List<RelationColumn>();
        foreach (var (name, expr, _, source) in items) columns.Add(DerivedColumn(alias, name, expr, source, rel, Bounds(expr, rel)));
        var select = string.Join(", ", items.Select(i => i.Sql + " AS " + _target.Quote(i.Name)));
        RelationColumn? unit = null;
        if (rel.Unit is not null)
        {
            select += ", " + rel.Unit.Sql + " AS " + _target.Quote("obscura_unit");
            unit = rel.Unit with { Qualifier = alias, Name = "obscura_unit", Sql = quotedAlias + "." + _target.Quote("obscura_unit"), Hidden = true };
            columns.Add(unit);
        }
        var sql = $"(SELECT {select} FROM {rel.Sql}{(where is null ? string.Empty : " WHERE " + where)}) AS {quotedAlias}";
        return rel with { Columns = columns, Sql = sql, Unit = unit };
    }

    /// <summary>
    /// A subquery that aggregates private rows per person (<c>GROUP BY</c> the privacy unit): a row-level transformation
    /// of each person's rows, so it is answered. The person's rows are first bounded to <c>max_contributions</c> (the
    /// same keyed sampling as the outermost aggregation) and bounded columns clamped, so every per-person aggregate has
    /// derived bounds: a count lies in [0, K], a sum in K × the value's bounds, an average, minimum or maximum within the
    /// value's bounds. The result has one row per person (or at most K with further group keys) for the outer query.
    /// </summary>
    private Relation PerPerson(SelectQuery inner, Relation rel, string alias, SqlPosition at)
    {
        if (inner.Having is not null || inner.Distinct || inner.Top is not null)
            throw Reject(DiagnosticCodes.QueryAggregateShape,
                "HAVING, DISTINCT and TOP are not answered in a per-person subquery over private rows; filter its columns in the outer query's WHERE",
                inner.Position);
        if (rel.Unit is null)
            throw Reject(DiagnosticCodes.QueryAggregateShape,
                $"{string.Join(", ", rel.Tables.Distinct())} has no privacy_unit (each row is a person), so an aggregate inside a subquery would release exact statistics of many persons; aggregate in the outermost SELECT",
                inner.Position);
        var unit = rel.Unit;
        if (!inner.GroupBy.Any(k => k is ColumnReference c && Resolve(rel, c).IsUnit))
            throw Reject(DiagnosticCodes.QueryAggregateShape,
                $"an aggregate inside a subquery or CTE over private rows must GROUP BY the privacy unit ({unit.Name}): it then computes one row per person, which the outermost SELECT aggregates with noise; any other inner aggregate would release exact statistics of many persons",
                inner.GroupBy.Count > 0 ? inner.GroupBy[0].Position : inner.Position);
        foreach (var key in inner.GroupBy) CheckRowLevel(key, rel, allowWindows: false, "GROUP BY");
        foreach (var item in inner.Items)
        {
            if (item.Expression is StarExpression s)
                throw Reject(DiagnosticCodes.QueryUnsupported, "'*' is not allowed in a per-person subquery; name the columns", s.Position);
            foreach (var node in Walk(item.Expression))
            {
                if (node is FunctionCall { Over: not null } w)
                    throw Reject(DiagnosticCodes.QueryUnsupported, "window functions are not allowed in a subquery that aggregates", w.Position);
                if (IsAggregate(node))
                {
                    foreach (var arg in ((FunctionCall)node).Arguments.Where(a => a is not StarExpression))
                    {
                        if (ContainsAggregate(arg))
                            throw Reject(DiagnosticCodes.QueryAggregateShape, $"aggregates cannot be nested inside {((FunctionCall)node).Name}", arg.Position);
                        CheckRowLevel(arg, rel, allowWindows: false, "an aggregate");
                    }
                }
            }
        }
        var k = rel.UnitIsUnique ? 1 : rel.MaxContributions;
        var t = _target;
        var rows = t.Quote("obscura_p");
        // The per-row layer names each column the subquery reads (clamped to its bounds) and the person.
        var columnNames = new Dictionary<RelationColumn, string>(ReferenceEqualityComparer.Instance);
        var rowItems = new List<string> { unit.Sql + " AS " + t.Quote("obscura_u") };
        string Column(RelationColumn c)
        {
            if (ReferenceEquals(c, unit)) return rows + "." + t.Quote("obscura_u");
            if (!columnNames.TryGetValue(c, out var name))
            {
                name = "obscura_c" + columnNames.Count.ToString(CultureInfo.InvariantCulture);
                columnNames[c] = name;
                rowItems.Add((c.Bounds is { } b ? ClampSql(c.Sql, b) : c.Sql) + " AS " + t.Quote(name));
            }
            return rows + "." + t.Quote(name);
        }
        var outer = new SqlRenderer(t, e => e is ColumnReference c ? Column(Resolve(rel, c)) : null);
        var keys = inner.GroupBy.Select(outer.Render).ToList();
        var items = new List<(string Name, SqlExpression Expr, string Sql, RelationColumn? Source)>();
        foreach (var item in inner.Items)
        {
            var itemSql = outer.Render(item.Expression);
            if (!ContainsAggregate(item.Expression) && !keys.Contains(itemSql, StringComparer.Ordinal))
                throw Reject(DiagnosticCodes.QueryAggregateShape, $"'{item.Text}' in a per-person subquery is neither aggregated nor in its GROUP BY", item.Expression.Position);
            var name = item.Alias ?? (item.Expression as ColumnReference)?.Name
                ?? throw Reject(DiagnosticCodes.QueryUnsupported, $"give the expression '{item.Text}' an alias (AS name) so the outer query can use it", item.Expression.Position);
            items.Add((name, item.Expression, itemSql, item.Expression is ColumnReference cr ? Resolve(rel, cr) : null));
        }
        var duplicate = items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw Reject(DiagnosticCodes.QueryUnknownName, $"the subquery '{alias}' returns two columns named '{duplicate.Key}'; alias them apart", at);
        var where = new List<string>();
        if (inner.Where is not null) where.Add(RenderCondition(inner.Where, rel, "WHERE"));
        where.Add(unit.Sql + " IS NOT NULL");
        if (!rel.UnitIsUnique)
            rowItems.Add($"ROW_NUMBER() OVER (PARTITION BY {unit.Sql} ORDER BY {SamplingOrder([unit.Sql, .. rowItems.Skip(1).Select(i => i[..i.LastIndexOf(" AS ", StringComparison.Ordinal)])])}) AS {t.Quote("obscura_rn")}");
        var quotedAlias = t.Quote(alias);
        var columns = new List<RelationColumn>();
        foreach (var (name, expr, _, source) in items) columns.Add(DerivedColumn(alias, name, expr, source, rel, Bounds(expr, rel, k)));
        var hidden = unit with { Qualifier = alias, Name = "obscura_unit", Sql = quotedAlias + "." + t.Quote("obscura_unit"), Hidden = true, IsUnit = true };
        columns.Add(hidden);
        var select = string.Join(", ", items.Select(i => i.Sql + " AS " + t.Quote(i.Name)).Append(rows + "." + t.Quote("obscura_u") + " AS " + t.Quote("obscura_unit")));
        var perRow = $"SELECT {string.Join(", ", rowItems)} FROM {rel.Sql} WHERE {string.Join(" AND ", where)}";
        var keep = !rel.UnitIsUnique ? $" WHERE {rows}.{t.Quote("obscura_rn")} <= {k.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        var groupBy = keys.Append(rows + "." + t.Quote("obscura_u")).Distinct(StringComparer.Ordinal);
        var sql = $"(SELECT {select} FROM ({perRow}) AS {rows}{keep} GROUP BY {string.Join(", ", groupBy)}) AS {quotedAlias}";
        var onePerPerson = inner.GroupBy.All(g => g is ColumnReference c && Resolve(rel, c).IsUnit);
        _explanation.Add($"subquery {alias}: aggregates per person ({unit.Origin}) over at most {k} row(s) per person, "
            + (onePerPerson ? "one row per person" : $"at most {k} rows per person")
            + "; bounds derived: " + string.Join(", ", columns.Where(c => !c.Hidden).Select(c => c.Name + " " + (c.Bounds?.ToString() ?? "unbounded"))));
        return new Relation
        {
            Columns = columns,
            Sql = sql,
            IsPrivate = true,
            Unit = hidden,
            MaxContributions = onePerPerson ? 1 : k,
            UnitIsUnique = onePerPerson,
            RowPrivacy = false,
            Tables = rel.Tables,
        };
    }

    /// <summary>
    /// The ORDER BY of the per-person sampling: a hash of the row keyed per query (the bind parameter
    /// <see cref="HashKeyParameter"/>), so which rows are kept cannot be predicted.
    /// </summary>
    private string SamplingOrder(IEnumerable<string> parts) => _target.Engine switch
    {
        "postgres" => $"hashtextextended(concat_ws('|', {string.Join(", ", parts)}), {HashKeyParameter})",
        "mysql" => $"MD5(CONCAT_WS('|', {HashKeyParameter}, {string.Join(", ", parts)}))",
        // SQLite has no hash function; random() is seeded from the operating system's entropy.
        _ => "random()",
    };

    private static string ClampSql(string sql, Interval b) =>
        $"CASE WHEN {sql} < {SqlRenderer.Number(b.Lower)} THEN {SqlRenderer.Number(b.Lower)} WHEN {sql} > {SqlRenderer.Number(b.Upper)} THEN {SqlRenderer.Number(b.Upper)} ELSE {sql} END";

    private Relation Join(JoinedTable j)
    {
        var left = AnalyzeFrom(j.Left);
        var right = AnalyzeFrom(j.Right);
        var combined = new Relation
        {
            Columns = [.. left.Columns, .. right.Columns],
            Sql = string.Empty,
            Tables = [.. left.Tables, .. right.Tables],
        };
        var anyPrivate = left.IsPrivate || right.IsPrivate;
        if (anyPrivate && j.Kind == JoinKind.Cross)
            throw Reject(DiagnosticCodes.QueryJoin, "a CROSS JOIN (or tables listed with commas) involving a private table cannot be bounded; use JOIN ... ON", j.Position);
        if (anyPrivate && j.Kind is JoinKind.Right or JoinKind.Full)
            throw Reject(DiagnosticCodes.QueryJoin, "only INNER and LEFT joins are answered over private tables (write the private table on the left of a LEFT JOIN)", j.Position);
        var on = j.On is null ? null : RenderCondition(j.On, combined, "ON");
        RelationColumn? unit = null;
        var maxContributions = 1;
        if (left.IsPrivate && right.IsPrivate)
        {
            if (left.RowPrivacy || right.RowPrivacy)
                throw Reject(DiagnosticCodes.QueryJoin,
                    $"{string.Join(", ", (left.RowPrivacy ? left.Tables : right.Tables))} has no privacy_unit (each row is a person), so a join cannot bound what one person contributes; declare a privacy_unit",
                    j.Position);
            if (!JoinsOnUnits(j.On, combined, left, right))
                throw Reject(DiagnosticCodes.QueryJoin,
                    $"private tables are joined only on their privacy units (e.g. ON a.{left.Unit!.Name} = b.{right.Unit!.Name}); this join could mix different persons' rows",
                    j.On?.Position ?? j.Position);
            unit = left.Unit;
            maxContributions = Math.Max(left.MaxContributions, right.MaxContributions);
            _explanation.Add($"join of private tables on their privacy units: at most {maxContributions} joined row(s) kept per person");
        }
        else if (anyPrivate)
        {
            var p = left.IsPrivate ? left : right;
            if (p.RowPrivacy)
                throw Reject(DiagnosticCodes.QueryJoin,
                    $"{string.Join(", ", p.Tables)} has no privacy_unit (each row is a person); joining it could repeat a person's row beyond what can be bounded; declare a privacy_unit",
                    j.Position);
            unit = p.Unit;
            maxContributions = p.MaxContributions;
            _explanation.Add($"join with a public table: contributions are bounded on the joined rows (at most {maxContributions} per person)");
        }
        var kind = j.Kind switch
        {
            JoinKind.Inner => "INNER JOIN",
            JoinKind.Left => "LEFT JOIN",
            JoinKind.Right => "RIGHT JOIN",
            JoinKind.Full => "FULL JOIN",
            _ => "CROSS JOIN",
        };
        return new Relation
        {
            Columns = combined.Columns,
            Sql = $"{left.Sql} {kind} {right.Sql}{(on is null ? string.Empty : " ON " + on)}",
            IsPrivate = anyPrivate,
            Unit = unit,
            MaxContributions = maxContributions,
            UnitIsUnique = false,
            RowPrivacy = false,
            Tables = combined.Tables,
        };
    }

    private bool JoinsOnUnits(SqlExpression? on, Relation combined, Relation left, Relation right)
    {
        switch (on)
        {
            case BinaryExpression { Operator: "AND" } and:
                return JoinsOnUnits(and.Left, combined, left, right) || JoinsOnUnits(and.Right, combined, left, right);
            case BinaryExpression { Operator: "=", Left: ColumnReference a, Right: ColumnReference b }:
                var ca = Resolve(combined, a);
                var cb = Resolve(combined, b);
                bool Unit(RelationColumn c, Relation side) => c.IsUnit && side.Columns.Contains(c);
                return (Unit(ca, left) && Unit(cb, right)) || (Unit(cb, left) && Unit(ca, right));
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- expressions in a scope

    private RelationColumn Resolve(Relation rel, ColumnReference c)
    {
        var matches = rel.Columns.Where(col => !col.Hidden && string.Equals(col.Name, c.Name, StringComparison.OrdinalIgnoreCase)
            && (c.Qualifier is null || string.Equals(col.Qualifier, c.Qualifier, StringComparison.OrdinalIgnoreCase))).ToList();
        if (matches.Count == 0)
        {
            if (c.Qualifier is not null && !rel.Columns.Any(col => string.Equals(col.Qualifier, c.Qualifier, StringComparison.OrdinalIgnoreCase)))
                throw Reject(DiagnosticCodes.QueryUnknownName, $"unknown table or alias '{c.Qualifier}'", c.Position);
            throw Reject(DiagnosticCodes.QueryUnknownName, $"unknown column '{(c.Qualifier is null ? c.Name : c.Qualifier + "." + c.Name)}'", c.Position);
        }
        if (matches.Count > 1)
            throw Reject(DiagnosticCodes.QueryUnknownName, $"the column name '{c.Name}' is ambiguous; qualify it (e.g. {matches[0].Qualifier}.{c.Name})", c.Position);
        var column = matches[0];
        if (column.Class == DataClass.Restricted)
            throw Reject(DiagnosticCodes.QueryForbiddenColumn,
                $"column {column.Origin} is restricted by rule {column.RestrictedBy ?? "of the policy"}: it may not appear anywhere in a query, not even in WHERE", c.Position);
        _columns.Add(column.Origin);
        return column;
    }

    private SqlRenderer Renderer(Relation rel) => new(_target, e => e is ColumnReference c ? Resolve(rel, c).Sql : null);

    /// <summary>A WHERE/ON condition: row-level, no aggregates or window functions.</summary>
    private string RenderCondition(SqlExpression condition, Relation rel, string clause)
    {
        CheckRowLevel(condition, rel, allowWindows: false, clause);
        return Renderer(rel).Render(condition);
    }

    private void CheckRowLevel(SqlExpression e, Relation rel, bool allowWindows, string clause = "a subquery")
    {
        foreach (var node in Walk(e))
        {
            switch (node)
            {
                case FunctionCall { Over: not null } w:
                    if (!allowWindows) throw Reject(DiagnosticCodes.QueryUnsupported, $"window functions are not allowed in {clause}", w.Position);
                    if (rel.IsPrivate)
                    {
                        if (rel.Unit is null)
                            throw Reject(DiagnosticCodes.QueryUnsupported, "window functions over a table without privacy_unit are not supported", w.Position);
                        if (!w.Over.PartitionBy.Any(p => p is ColumnReference pc && Resolve(rel, pc).IsUnit))
                            throw Reject(DiagnosticCodes.QueryUnsupported,
                                $"a window function over private rows must PARTITION BY the privacy unit ({rel.Unit.Name}), so it only looks at one person's rows", w.Position);
                    }
                    break;
                case FunctionCall f when AggregateNames.Contains(f.Name):
                    throw Reject(DiagnosticCodes.QueryAggregateShape, $"the aggregate {f.Name} is not allowed in {clause}", f.Position);
                case SubqueryExpression s:
                    throw Reject(DiagnosticCodes.QueryUnsupported, s.Kind + " is not supported; use a JOIN or a derived table", s.Position);
                case ColumnReference c:
                    Resolve(rel, c);
                    break;
            }
        }
    }

    internal static IEnumerable<SqlExpression> Walk(SqlExpression e)
    {
        yield return e;
        IEnumerable<SqlExpression> children = e switch
        {
            UnaryExpression u => [u.Operand],
            BinaryExpression b => [b.Left, b.Right],
            FunctionCall f => [.. f.Arguments, .. f.Over?.PartitionBy ?? [], .. f.Over?.OrderBy.Select(o => o.Expression) ?? []],
            CaseExpression c => [.. c.Operand is null ? [] : new[] { c.Operand }, .. c.Whens.SelectMany(w => new[] { w.Condition, w.Result }), .. c.Else is null ? [] : new[] { c.Else }],
            CastExpression c => [c.Operand],
            IsNullExpression n => [n.Operand],
            InListExpression i => [i.Operand, .. i.Items],
            BetweenExpression b => [b.Operand, b.Low, b.High],
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Walk(child)) yield return d;
        }
    }

    private static bool IsAggregate(SqlExpression e) => e is FunctionCall { Over: null } f && AggregateNames.Contains(f.Name);

    private static bool ContainsAggregate(SqlExpression e) => Walk(e).Any(IsAggregate);

    private DataClass MaxClass(SqlExpression e, Relation rel) =>
        Walk(e).OfType<ColumnReference>().Select(c => Resolve(rel, c).Class).DefaultIfEmpty(DataClass.Public).Max();

    private static ValueKind KindOf(PolicyColumnType t) => t switch
    {
        PolicyColumnType.Int or PolicyColumnType.Bool => ValueKind.Integer,
        PolicyColumnType.Float => ValueKind.Number,
        PolicyColumnType.String => ValueKind.Text,
        _ => ValueKind.Other,
    };

    private static ValueKind KindOf(TypeClass t) => t switch
    {
        TypeClass.Integer or TypeClass.Boolean => ValueKind.Integer,
        TypeClass.Decimal or TypeClass.Float => ValueKind.Number,
        TypeClass.Text => ValueKind.Text,
        _ => ValueKind.Other,
    };

    private ValueKind KindOf(SqlExpression e, Relation rel)
    {
        switch (e)
        {
            case LiteralExpression { Value: long }:
                return ValueKind.Integer;
            case LiteralExpression { Value: decimal or double }:
                return ValueKind.Number;
            case LiteralExpression { Value: string }:
                return ValueKind.Text;
            case LiteralExpression:
                return ValueKind.Integer; // NULL adds nothing to a sum
            case ColumnReference c:
                return Resolve(rel, c).Kind;
            case UnaryExpression { Operator: "-" } u:
                return KindOf(u.Operand, rel);
            case BinaryExpression { Operator: "+" or "-" or "*" or "%" or "/" } b:
                var l = KindOf(b.Left, rel);
                var r = KindOf(b.Right, rel);
                return l == ValueKind.Integer && r == ValueKind.Integer ? ValueKind.Integer
                    : l is ValueKind.Integer or ValueKind.Number && r is ValueKind.Integer or ValueKind.Number ? ValueKind.Number : ValueKind.Other;
            case CaseExpression c:
                var kinds = c.Whens.Select(w => KindOf(w.Result, rel)).Concat(c.Else is null ? [] : [KindOf(c.Else, rel)]).Distinct().ToList();
                return kinds.Count == 1 ? kinds[0] : kinds.TrueForAll(k => k is ValueKind.Integer or ValueKind.Number) ? ValueKind.Number : ValueKind.Other;
            case CastExpression c:
                return c.Type switch { CastType.Integer => ValueKind.Integer, CastType.Float or CastType.Decimal => ValueKind.Number, CastType.Text => ValueKind.Text, _ => ValueKind.Other };
            case FunctionCall { Name: "ROUND" or "FLOOR" or "CEILING" or "CEIL" or "YEAR" or "MONTH" or "DAY" or "DATEPART" or "LEN" or "LENGTH" or "ROW_NUMBER" or "RANK" or "DENSE_RANK" or "COUNT" }:
                return ValueKind.Integer;
            case FunctionCall { Name: "ABS" or "COALESCE" } f when f.Arguments.Count > 0:
                return KindOf(f.Arguments[0], rel);
            case FunctionCall { Over: null, Name: "SUM" or "MIN" or "MAX", Arguments: [var a] }:
                return KindOf(a, rel);
            case FunctionCall { Over: null, Name: "AVG" or "MEAN" }:
                return ValueKind.Number;
            default:
                return ValueKind.Other;
        }
    }

    /// <summary>A derived table's output column: its bounds as given, its kind, class and origin from the inner expression.</summary>
    private RelationColumn DerivedColumn(string alias, string name, SqlExpression expr, RelationColumn? source, Relation rel, (Interval? Bounds, string? Reason) bounds) => new()
    {
        Qualifier = alias,
        Name = name,
        Sql = _target.Quote(alias) + "." + _target.Quote(name),
        Bounds = bounds.Bounds,
        UnboundedReason = bounds.Reason,
        Kind = KindOf(expr, rel),
        Class = MaxClass(expr, rel),
        PrivateId = source?.PrivateId == true,
        IsUnit = source?.IsUnit == true,
        Origin = source?.Origin ?? alias + "." + name,
        Domain = source?.Domain,
    };

    /// <summary>Interval arithmetic over the declared bounds: the range every value of <paramref name="e"/> lies in, or why there is none.</summary>
    private (Interval? Bounds, string? Reason) Bounds(SqlExpression e, Relation rel, int? perPerson = null)
    {
        switch (e)
        {
            case LiteralExpression { Value: long l }:
                return (Interval.Point(l), null);
            case LiteralExpression { Value: decimal d }:
                return (Interval.Point((double)d), null);
            case LiteralExpression { Value: double d }:
                return (Interval.Point(d), null);
            case LiteralExpression { Value: null }:
                return (Interval.Point(0), null);
            case LiteralExpression:
                return (null, "a text value cannot be summed");
            case ColumnReference c:
            {
                var col = Resolve(rel, c);
                if (col.PrivateId) return (null, $"{col.Origin} identifies persons; it can only be counted (COUNT(DISTINCT {col.Name}))");
                return (col.Bounds, col.Bounds is null ? col.UnboundedReason : null);
            }
            case UnaryExpression { Operator: "-" } u:
                return Map(Bounds(u.Operand, rel, perPerson), i => -i);
            case BinaryExpression { Operator: "+" or "-" or "*" or "/" or "%" } b:
            {
                var (l, lr) = Bounds(b.Left, rel, perPerson);
                if (l is null) return (null, lr);
                var (r, rr) = Bounds(b.Right, rel, perPerson);
                if (r is null) return (null, rr);
                return b.Operator switch
                {
                    "+" => (l.Value + r.Value, null),
                    "-" => (l.Value - r.Value, null),
                    "*" => (l.Value * r.Value, null),
                    "/" => Interval.Divide(l.Value, r.Value) is { } q ? (q, null) : (null, $"the divisor at {b.Right.Position} may be 0, so the quotient has no bound"),
                    _ => Modulo(l.Value, r.Value),
                };
            }
            case CaseExpression c:
            {
                Interval? hull = null;
                foreach (var result in c.Whens.Select(w => w.Result).Concat(c.Else is null ? [] : [c.Else]))
                {
                    var (i, reason) = Bounds(result, rel, perPerson);
                    if (i is null) return (null, reason);
                    hull = hull is null ? i : Interval.Hull(hull.Value, i.Value);
                }
                if (c.Else is null) hull = Interval.Hull(hull!.Value, Interval.Point(0)); // a missing ELSE is NULL, which adds nothing
                return (hull, null);
            }
            case CastExpression { Type: CastType.Integer } c:
                return Map(Bounds(c.Operand, rel, perPerson), i => new Interval(Math.Floor(i.Lower), Math.Ceiling(i.Upper)));
            case CastExpression { Type: CastType.Float or CastType.Decimal } c:
                return Bounds(c.Operand, rel, perPerson);
            case FunctionCall { Over: null, Name: "ABS", Arguments: [var a] }:
                return Map(Bounds(a, rel, perPerson), i => new Interval(i.Lower <= 0 && i.Upper >= 0 ? 0 : Math.Min(Math.Abs(i.Lower), Math.Abs(i.Upper)), i.Magnitude));
            case FunctionCall { Over: null, Name: "ROUND" or "FLOOR" or "CEILING" or "CEIL" } f when f.Arguments.Count >= 1:
                return Map(Bounds(f.Arguments[0], rel, perPerson), i => new Interval(Math.Floor(i.Lower), Math.Ceiling(i.Upper)));
            case FunctionCall { Over: null, Name: "COALESCE" } f when f.Arguments.Count >= 1:
            {
                Interval? hull = null;
                foreach (var a in f.Arguments)
                {
                    var (i, reason) = Bounds(a, rel, perPerson);
                    if (i is null) return (null, reason);
                    hull = hull is null ? i : Interval.Hull(hull.Value, i.Value);
                }
                return (hull, null);
            }
            case FunctionCall { Over: null } f when perPerson is { } k && IsAggregate(f):
                return PerPersonBounds(f, rel, k);
            case FunctionCall f:
                return (null, $"the engine cannot bound the values of {f.Name}(...)");
            default:
                return (null, "the engine cannot bound this expression");
        }
    }

    /// <summary>
    /// Bounds of one person's aggregate over at most <paramref name="k"/> rows whose values are clamped: a count in [0, k],
    /// a sum in k × the value's bounds (and 0), an average, minimum or median within the value's bounds.
    /// </summary>
    private (Interval?, string?) PerPersonBounds(FunctionCall f, Relation rel, int k)
    {
        if (f.Name is "COUNT" or "COUNT_BIG") return (new Interval(0, k), null);
        if (f.Arguments is not [var arg] || arg is StarExpression) return (null, $"{f.Name} takes one argument");
        var (b, reason) = Bounds(arg, rel);
        if (b is not { } v) return (null, reason);
        return f.Name switch
        {
            "SUM" => (new Interval(Math.Min(0, k * v.Lower), Math.Max(0, k * v.Upper)), null),
            "AVG" or "MEAN" or "MIN" or "MAX" or "MEDIAN" => (v, null),
            _ => (null, $"the engine does not bound {f.Name} per person"),
        };
    }

    private static (Interval?, string?) Modulo(Interval l, Interval r)
    {
        var m = Math.Max(0, r.Magnitude - 1);
        return (new Interval(l.Lower < 0 ? -Math.Min(m, l.Magnitude) : 0, l.Upper > 0 ? Math.Min(m, l.Magnitude) : 0), null);
    }

    private static (Interval?, string?) Map((Interval? Bounds, string? Reason) b, Func<Interval, Interval> f) => b.Bounds is { } i ? (f(i), null) : b;

    // ---------------------------------------------------------------- the outermost aggregation

    private BranchDraft AnalyzeAggregate(SelectQuery q, Relation rel)
    {
        var hasAggregates = q.Items.Any(i => ContainsAggregate(i.Expression)) || (q.Having is not null && ContainsAggregate(q.Having));
        if (q.Distinct && hasAggregates)
            throw Reject(DiagnosticCodes.QueryUnsupported, "SELECT DISTINCT with aggregates is not supported; use GROUP BY", q.Position);
        IReadOnlyList<SqlExpression> groupBy = q.GroupBy;
        if (q.Distinct && groupBy.Count == 0)
            groupBy = q.Items.Select(i => i.Expression is StarExpression s
                ? throw Reject(DiagnosticCodes.QueryRowLevel, $"SELECT DISTINCT * would release private rows of {string.Join(", ", rel.Tables)}", s.Position)
                : i.Expression).ToList();
        if (!hasAggregates && groupBy.Count == 0)
        {
            var at = (q.Items.Count > 0 ? q.Items[0].Expression.Position : (SqlPosition?)null) ?? q.Position;
            throw Reject(DiagnosticCodes.QueryRowLevel,
                $"the query would return row-level values of the private table{(rel.Tables.Distinct().Count() == 1 ? "" : "s")} {string.Join(", ", rel.Tables.Distinct())}: aggregate them (COUNT, SUM, AVG, ...) or GROUP BY",
                at);
        }
        var draft = new BranchDraft(this, q, rel);
        if (q.Where is not null) draft.Where = RenderCondition(q.Where, rel, "WHERE");
        foreach (var g in groupBy) draft.AddGroupKey(g);
        foreach (var item in q.Items)
        {
            if (item.Expression is StarExpression s)
                throw Reject(DiagnosticCodes.QueryRowLevel, $"'*' would release private rows of {string.Join(", ", rel.Tables)}", s.Position);
            draft.Outputs.Add(draft.Transform(item.Expression, "the select list"));
            draft.Names.Add(item.OutputName);
        }
        if (q.Having is not null) draft.Having = draft.Transform(q.Having, "HAVING");
        return draft;
    }

    private QueryPlan PublicPlan(QueryStatement statement, List<SelectQuery> selects, List<Relation> relations)
    {
        var parts = new List<string>();
        IReadOnlyList<string>? names = null;
        for (var i = 0; i < selects.Count; i++)
        {
            var q = selects[i];
            var rel = relations[i];
            var r = Renderer(rel);
            var items = new List<string>();
            var itemNames = new List<string>();
            foreach (var item in q.Items)
            {
                if (item.Expression is StarExpression s)
                {
                    foreach (var c in rel.Columns.Where(c => !c.Hidden && (s.Qualifier is null || string.Equals(c.Qualifier, s.Qualifier, StringComparison.OrdinalIgnoreCase))))
                    {
                        if (c.Class == DataClass.Restricted) continue;
                        items.Add(c.Sql + " AS " + _target.Quote(c.Name));
                        itemNames.Add(c.Name);
                    }
                    continue;
                }
                foreach (var c in Walk(item.Expression).OfType<ColumnReference>()) Resolve(rel, c);
                items.Add(r.Render(item.Expression) + " AS " + _target.Quote(item.OutputName));
                itemNames.Add(item.OutputName);
            }
            names ??= itemNames;
            var sql = $"SELECT {(q.Distinct ? "DISTINCT " : string.Empty)}{string.Join(", ", items)} FROM {rel.Sql}";
            if (q.Where is not null) sql += " WHERE " + RenderCondition(q.Where, rel, "WHERE");
            if (q.GroupBy.Count > 0) sql += " GROUP BY " + string.Join(", ", q.GroupBy.Select(r.Render));
            if (q.Having is not null) sql += " HAVING " + r.Render(q.Having);
            if (q.Top is { } top)
            {
                if (selects.Count > 1) throw Reject(DiagnosticCodes.QueryUnsupported, "TOP inside a UNION ALL is not supported", q.Position);
                statement = statement with { Limit = statement.Limit is { } l ? Math.Min(l, top) : top };
            }
            parts.Add(sql);
        }
        var text = string.Join(" UNION ALL ", parts);
        if (statement.OrderBy.Count > 0)
        {
            var order = statement.OrderBy.Select(o =>
            {
                var output = OutputIndex(o.Expression, names!);
                var key = output is { } idx ? (idx + 1).ToString(CultureInfo.InvariantCulture)
                    : selects.Count == 1 ? Renderer(relations[0]).Render(o.Expression)
                    : throw Reject(DiagnosticCodes.QueryUnsupported, "ORDER BY of a UNION ALL names an output column or its position", o.Expression.Position);
                return key + (o.Descending ? " DESC" : string.Empty);
            });
            text += " ORDER BY " + string.Join(", ", order);
        }
        if (statement.Limit is { } limit) text += " LIMIT " + limit.ToString(CultureInfo.InvariantCulture);
        if (statement.Offset is { } offset)
            text += (statement.Limit is null ? (_target.Engine == "mysql" ? " LIMIT 18446744073709551615" : " LIMIT -1") : string.Empty)
                + " OFFSET " + offset.ToString(CultureInfo.InvariantCulture);
        _explanation.Add("only public tables are read: the query runs as is, with no noise and no cost");
        return new QueryPlan
        {
            Statement = statement,
            Columns = names!,
            PublicSql = text,
            Tables = _tables.ToList(),
            ColumnsTouched = _columns.ToList(),
            Explanation = _explanation,
        };
    }

    internal static QueryRejectedException Reject(string code, string reason, SqlPosition? at) => new(code, reason, at);

    private static string Fmt(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- one aggregate SELECT being planned

    private sealed class BranchDraft(QueryAnalyzer owner, SelectQuery query, Relation rel)
    {
        private readonly List<(SqlExpression Expr, string Sql, string Text, RelationColumn? Column)> _keys = [];
        private readonly List<(string Sql, Interval Bounds, bool Integer, string Text)> _values = [];
        private readonly List<MeasureDraft> _measures = [];
        private readonly List<AggregateSlot> _aggregates = [];
        private readonly Dictionary<string, int> _aggregateByText = new(StringComparer.Ordinal);

        public SelectQuery Query => query;
        public string? Where { get; set; }
        public List<SqlExpression> Outputs { get; } = [];
        public List<string> Names { get; } = [];
        public SqlExpression? Having { get; set; }
        public List<SqlExpression> SortKeys { get; } = [];
        private bool Grouped => _keys.Count > 0;
        private bool AllKeysHaveDomains => Grouped && _keys.TrueForAll(k => k.Column?.Domain is not null);
        public bool NeedsThreshold => Grouped && !AllKeysHaveDomains;
        public int MeasureCount => _measures.Count + (NeedsThreshold && !_measures.Exists(m => m.Kind == MeasureKind.PersonCount) ? 1 : 0);
        private int K => rel.RowPrivacy ? 1 : rel.MaxContributions;
        private bool NeedsBounding => rel.Unit is not null && !rel.UnitIsUnique;

        public void AddGroupKey(SqlExpression g)
        {
            if (g is LiteralExpression { Value: long })
                throw Reject(DiagnosticCodes.QueryUnsupported, "GROUP BY by position is not supported; repeat the expression", g.Position);
            foreach (var node in Walk(g))
            {
                if (IsAggregate(node)) throw Reject(DiagnosticCodes.QueryAggregateShape, "an aggregate cannot be a GROUP BY key", node.Position);
                if (node is FunctionCall { Over: not null }) throw Reject(DiagnosticCodes.QueryUnsupported, "a window function cannot be a GROUP BY key", node.Position);
                if (node is SubqueryExpression s) throw Reject(DiagnosticCodes.QueryUnsupported, s.Kind + " is not supported", s.Position);
                if (node is ColumnReference c && owner.Resolve(rel, c) is { PrivateId: true } pid)
                    throw Reject(DiagnosticCodes.QueryForbiddenColumn,
                        $"grouping by {pid.Origin}, which identifies persons, would release one group per person", c.Position);
            }
            var sql = owner.Renderer(rel).Render(g);
            _keys.Add((g, sql, g is ColumnReference cr ? cr.Name : sql, g is ColumnReference col ? owner.Resolve(rel, col) : null));
            owner._explanation.Add(_keys[^1].Column?.Domain is { } domain
                ? $"GROUP BY {_keys[^1].Text}: public domain of {domain.Count} values, every value released"
                : $"GROUP BY {_keys[^1].Text}: keys released only above the τ-threshold");
        }

        /// <summary>An output/HAVING/ORDER BY expression with aggregates and group keys replaced by slots; rejects ungrouped columns.</summary>
        public SqlExpression Transform(SqlExpression e, string clause)
        {
            if (IsAggregate(e)) return new SlotExpression(SlotKind.Aggregate, Aggregate((FunctionCall)e), e.Position);
            if (!ContainsAggregate(e) && KeyIndex(e) is { } key) return new SlotExpression(SlotKind.Key, key, e.Position);
            switch (e)
            {
                case ColumnReference c:
                {
                    var col = owner.Resolve(rel, c);
                    if (col.PrivateId)
                        throw Reject(DiagnosticCodes.QueryForbiddenColumn, $"{col.Origin} identifies persons and may not be in the output", c.Position);
                    throw Reject(DiagnosticCodes.QueryAggregateShape,
                        $"'{(c.Qualifier is null ? c.Name : c.Qualifier + "." + c.Name)}' in {clause} is neither aggregated nor in GROUP BY", c.Position);
                }
                case LiteralExpression:
                    return e;
                case UnaryExpression u:
                    return u with { Operand = Transform(u.Operand, clause) };
                case BinaryExpression b:
                    return b with { Left = Transform(b.Left, clause), Right = Transform(b.Right, clause) };
                case CaseExpression c:
                    return c with
                    {
                        Operand = c.Operand is null ? null : Transform(c.Operand, clause),
                        Whens = c.Whens.Select(w => new WhenClause(Transform(w.Condition, clause), Transform(w.Result, clause))).ToList(),
                        Else = c.Else is null ? null : Transform(c.Else, clause),
                    };
                case CastExpression c:
                    return c with { Operand = Transform(c.Operand, clause) };
                case IsNullExpression n:
                    return n with { Operand = Transform(n.Operand, clause) };
                case InListExpression i:
                    return i with { Operand = Transform(i.Operand, clause), Items = i.Items.Select(x => Transform(x, clause)).ToList() };
                case BetweenExpression b:
                    return b with { Operand = Transform(b.Operand, clause), Low = Transform(b.Low, clause), High = Transform(b.High, clause) };
                case FunctionCall { Over: not null } w:
                    if (!ResultEvaluator.SupportsWindow(w.Name))
                        throw Reject(DiagnosticCodes.QueryUnsupported, $"{w.Name} is not supported as a window function over the noisy results", w.Position);
                    return w with
                    {
                        Arguments = w.Arguments.Select(a => a is StarExpression ? a : Transform(a, clause)).ToList(),
                        Over = new WindowSpecification(w.Over.PartitionBy.Select(p => Transform(p, clause)).ToList(),
                            w.Over.OrderBy.Select(o => o with { Expression = Transform(o.Expression, clause) }).ToList()),
                    };
                case FunctionCall f:
                    if (!ResultEvaluator.Supports(f.Name))
                        throw Reject(DiagnosticCodes.QueryUnsupported, $"the function {f.Name} is not supported over aggregates", f.Position);
                    return f with { Arguments = f.Arguments.Select(a => Transform(a, clause)).ToList() };
                case SubqueryExpression s:
                    throw Reject(DiagnosticCodes.QueryUnsupported, s.Kind + " is not supported", s.Position);
                default:
                    throw Reject(DiagnosticCodes.QueryUnsupported, "this expression is not supported here", e.Position);
            }
        }

        private int? KeyIndex(SqlExpression e)
        {
            if (e is LiteralExpression) return null;
            if (e is ColumnReference c)
            {
                var col = owner.Resolve(rel, c);
                var byColumn = _keys.FindIndex(k => k.Column is not null && ReferenceEquals(k.Column, col));
                if (byColumn >= 0) return byColumn;
            }
            string sql;
            try
            {
                sql = owner.Renderer(rel).Render(e);
            }
            catch (QueryRejectedException)
            {
                return null; // not something the database could have grouped by (e.g. POWER(...)): look inside
            }
            var i = _keys.FindIndex(k => k.Sql == sql);
            return i >= 0 ? i : null;
        }

        private int Aggregate(FunctionCall f)
        {
            foreach (var arg in f.Arguments)
            {
                foreach (var node in Walk(arg))
                {
                    if (IsAggregate(node))
                        throw Reject(DiagnosticCodes.QueryAggregateShape, $"the aggregate {((FunctionCall)node).Name} is nested inside {f.Name}: aggregates cannot be nested", node.Position);
                    if (node is FunctionCall { Over: not null } w)
                        throw Reject(DiagnosticCodes.QueryUnsupported, $"a window function inside {f.Name} is not supported", w.Position);
                    if (node is SubqueryExpression s) throw Reject(DiagnosticCodes.QueryUnsupported, s.Kind + " is not supported", s.Position);
                    if (node is ColumnReference c) owner.Resolve(rel, c);
                }
            }
            var name = f.Name switch
            {
                "COUNT_BIG" => "COUNT",
                "MEAN" => "AVG",
                "VARIANCE" or "VAR_POP" or "VAR_SAMP" or "VARP" => "VAR",
                "STDEV" or "STD" or "STDDEV_POP" or "STDDEV_SAMP" or "STDEVP" => "STDDEV",
                var n => n,
            };
            if (name == "COUNT") return Count(f);
            if (f.Distinct) throw Reject(DiagnosticCodes.QueryUnsupported, $"{f.Name}(DISTINCT ...) is not supported", f.Position);
            var quantile = name switch { "MIN" => 0.0, "MAX" => 1.0, "MEDIAN" => 0.5, _ => (double?)null };
            SqlExpression argument;
            if (name is "PERCENTILE_CONT" or "PERCENTILE_DISC")
            {
                if (f.Arguments is not [LiteralExpression { Value: var qv }, var x] || ToDouble(qv) is not (>= 0 and <= 1) || f.Over is not null)
                    throw Reject(DiagnosticCodes.QueryUnsupported, $"{f.Name}(q) WITHIN GROUP (ORDER BY x) takes a constant q from 0 to 1", f.Position);
                quantile = ToDouble(qv);
                argument = x;
            }
            else
            {
                if (f.Arguments.Count != 1 || f.Arguments[0] is StarExpression)
                    throw Reject(DiagnosticCodes.QueryUnsupported, $"{f.Name} takes one argument", f.Position);
                argument = f.Arguments[0];
            }
            var (bounds, reason) = owner.Bounds(argument, rel);
            if (bounds is not { IsFinite: true } b)
                throw Reject(DiagnosticCodes.QueryUnbounded, $"{f.Name}(...) needs bounded values: {reason}", argument.Position);
            var key = f.Name + "|" + ValueText(argument);
            if (_aggregateByText.TryGetValue(key, out var existing)) return existing;
            var value = Value(argument, b);
            var integer = _values[value].Integer;
            var sens = K * b.Magnitude;
            AggregateSlot slot;
            string argText = ValueText(argument);
            switch (name)
            {
                case "SUM":
                    slot = new AggregateSlot { Kind = AggregateKind.Sum, Measure = MeasureFor(MeasureKind.Sum, value, sens, b, integer, $"SUM({argText}) clamped to {b}"), Text = f.Name, Lower = b.Lower, Upper = b.Upper };
                    break;
                case "AVG":
                    slot = new AggregateSlot
                    {
                        Kind = AggregateKind.Average,
                        Measure = MeasureFor(MeasureKind.Sum, value, sens, b, integer, $"SUM({argText}) clamped to {b}"),
                        CountMeasure = MeasureFor(MeasureKind.Count, value, K, b, true, $"COUNT({argText})"),
                        Lower = b.Lower, Upper = b.Upper, Text = f.Name,
                    };
                    break;
                case "VAR" or "STDDEV":
                    var squares = K * Math.Max(b.Lower * b.Lower, b.Upper * b.Upper);
                    var sum = MeasureFor(MeasureKind.Sum, value, sens, b, integer, $"SUM({argText}) clamped to {b}");
                    slot = new AggregateSlot
                    {
                        Kind = name == "VAR" ? AggregateKind.Variance : AggregateKind.StandardDeviation,
                        Measure = sum,
                        SumMeasure = sum,
                        SquaresMeasure = MeasureFor(MeasureKind.SumOfSquares, value, squares, b, integer, $"SUM(({argText})²) clamped to {b}"),
                        CountMeasure = MeasureFor(MeasureKind.Count, value, K, b, true, $"COUNT({argText})"),
                        Lower = b.Lower, Upper = b.Upper, Text = f.Name,
                    };
                    break;
                default:
                    if (quantile is null) throw Reject(DiagnosticCodes.QueryUnsupported, $"the aggregate {f.Name} is not supported", f.Position);
                    slot = new AggregateSlot
                    {
                        Kind = AggregateKind.Quantile,
                        Measure = MeasureFor(MeasureKind.Quantile, value, K, b, false, $"{f.Name}({argText}) over {b} (exponential mechanism)", quantile.Value),
                        Lower = b.Lower, Upper = b.Upper, Text = f.Name,
                    };
                    break;
            }
            _aggregates.Add(slot);
            _aggregateByText[key] = _aggregates.Count - 1;
            return _aggregates.Count - 1;
        }

        private static double? ToDouble(object? v) => v switch { long l => l, decimal d => (double)d, double d => d, _ => null };

        private string ValueText(SqlExpression e)
        {
            try
            {
                return owner.Renderer(rel).Render(e);
            }
            catch (QueryRejectedException)
            {
                return "expression";
            }
        }

        private int Count(FunctionCall f)
        {
            MeasureKind kind;
            int? value = null;
            double sens = K;
            string description;
            if (f.Arguments is [StarExpression])
            {
                // With one row per person (after bounding, or by a unique key, or row privacy) the row count is the person count.
                kind = rel.Unit is null || K == 1 || rel.UnitIsUnique ? MeasureKind.PersonCount : MeasureKind.RowCount;
                description = kind == MeasureKind.PersonCount ? "COUNT(*) = persons" : $"COUNT(*) of rows (at most {K} per person)";
            }
            else if (f.Arguments is [var arg])
            {
                if (f.Distinct && arg is ColumnReference c && owner.Resolve(rel, c).IsUnit)
                {
                    kind = MeasureKind.PersonCount;
                    description = $"COUNT(DISTINCT {c.Name}) = persons";
                }
                else
                {
                    if (arg is ColumnReference pc && owner.Resolve(rel, pc) is { PrivateId: true, IsUnit: false } other && f.Distinct)
                        throw Reject(DiagnosticCodes.QueryForbiddenColumn, $"COUNT(DISTINCT {other.Origin}) is not supported: it identifies persons but is not the privacy unit", arg.Position);
                    kind = f.Distinct ? MeasureKind.CountDistinct : MeasureKind.Count;
                    value = Value(arg, null);
                    description = $"COUNT({(f.Distinct ? "DISTINCT " : string.Empty)}{ValueText(arg)})";
                }
            }
            else
            {
                throw Reject(DiagnosticCodes.QueryUnsupported, "COUNT takes one argument or *", f.Position);
            }
            if (kind == MeasureKind.PersonCount) sens = 1;
            var key = "COUNT|" + kind + "|" + value;
            if (_aggregateByText.TryGetValue(key, out var existing)) return existing;
            var measure = MeasureFor(kind, value, sens, new Interval(0, 0), true, description);
            _aggregates.Add(new AggregateSlot { Kind = AggregateKind.Count, Measure = measure, Text = f.Name });
            _aggregateByText[key] = _aggregates.Count - 1;
            return _aggregates.Count - 1;
        }

        /// <summary>Registers the clamped value expression an aggregate reads (deduplicated) and returns its index.</summary>
        private int Value(SqlExpression e, Interval? bounds)
        {
            // Every bounded column inside is clamped to its bounds, then the whole expression to the derived bounds.
            var clamping = new SqlRenderer(owner._target, x =>
            {
                if (x is not ColumnReference c) return null;
                var col = owner.Resolve(rel, c);
                return bounds is not null && col.Bounds is { } cb ? Clamp(col.Sql, cb) : col.Sql;
            });
            var sql = clamping.Render(e);
            // A bare column is already clamped to its own bounds; an expression is clamped again to its derived bounds.
            if (bounds is { } b && e is not ColumnReference) sql = Clamp(sql, b);
            var i = _values.FindIndex(v => v.Sql == sql);
            if (i >= 0) return i;
            _values.Add((sql, bounds ?? new Interval(0, 0), owner.KindOf(e, rel) == ValueKind.Integer, ValueText(e)));
            return _values.Count - 1;
        }

        private static string Clamp(string sql, Interval b) => ClampSql(sql, b);

        private int MeasureFor(MeasureKind kind, int? value, double sensitivity, Interval bounds, bool integer, string description, double quantile = 0)
        {
            var i = _measures.FindIndex(m => m.Kind == kind && m.Value == value && (kind != MeasureKind.Quantile || m.Quantile == quantile));
            if (i >= 0) return i;
            // A person's K rows may fall in K different groups: the person count moves by 1 in each (L1 = K, L2 = √K);
            // every other statistic moves by at most `sensitivity` in total.
            var bound = kind == MeasureKind.PersonCount && Grouped ? new ContributionBound(K, 1) : new ContributionBound(1, sensitivity);
            _measures.Add(new MeasureDraft(kind, value, bound, bounds, integer, description, quantile));
            return _measures.Count - 1;
        }

        public AggregateBranch Build(double epsilon, double noiseDelta, double thresholdDelta)
        {
            int? thresholdMeasure = null;
            if (NeedsThreshold)
            {
                thresholdMeasure = _measures.FindIndex(m => m.Kind == MeasureKind.PersonCount);
                if (thresholdMeasure < 0)
                {
                    _measures.Add(new MeasureDraft(MeasureKind.PersonCount, null, new ContributionBound(K, 1), new Interval(0, 0), true, "persons per group (for the τ-threshold only)", 0));
                    thresholdMeasure = _measures.Count - 1;
                }
                else
                {
                    owner._explanation.Add("the τ-threshold reuses the person count the query asks for (no second count)");
                }
            }
            var t = owner._target;
            var unitSql = rel.Unit?.Sql;
            var rowItems = new List<string>();
            if (unitSql is not null) rowItems.Add(unitSql + " AS " + t.Quote("obscura_u"));
            for (var k = 0; k < _keys.Count; k++) rowItems.Add(_keys[k].Sql + " AS " + t.Quote("obscura_g" + k.ToString(CultureInfo.InvariantCulture)));
            for (var v = 0; v < _values.Count; v++) rowItems.Add(_values[v].Sql + " AS " + t.Quote("obscura_v" + v.ToString(CultureInfo.InvariantCulture)));
            if (NeedsBounding)
                rowItems.Add($"ROW_NUMBER() OVER (PARTITION BY {unitSql} ORDER BY {RowHash(unitSql!)}) AS {t.Quote("obscura_rn")}");
            if (rowItems.Count == 0) rowItems.Add("1 AS " + t.Quote("obscura_row")); // COUNT(*) alone reads no column
            var where = new List<string>();
            if (Where is not null) where.Add(Where);
            // Rows no person owns cannot be bounded per person: they are left out.
            if (unitSql is not null) where.Add(unitSql + " IS NOT NULL");
            var perRow = $"SELECT {string.Join(", ", rowItems)} FROM {rel.Sql}{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)}";
            var keep = NeedsBounding ? $" WHERE {t.Quote("obscura_rn")} <= {K.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            var keyColumns = Enumerable.Range(0, _keys.Count).Select(k => t.Quote("obscura_g" + k.ToString(CultureInfo.InvariantCulture))).ToList();
            var measures = new List<Measure>();
            var selects = new List<string>(keyColumns);
            for (var m = 0; m < _measures.Count; m++)
            {
                var d = _measures[m];
                var column = "obscura_m" + m.ToString(CultureInfo.InvariantCulture);
                string? sql = d.Kind switch
                {
                    MeasureKind.PersonCount => rel.Unit is null || rel.UnitIsUnique || K == 1 ? "COUNT(*)" : $"COUNT(DISTINCT {t.Quote("obscura_u")})",
                    MeasureKind.RowCount => "COUNT(*)",
                    MeasureKind.Count => $"COUNT({V(d.Value)})",
                    MeasureKind.CountDistinct => $"COUNT(DISTINCT {V(d.Value)})",
                    MeasureKind.Sum => $"SUM({V(d.Value)})",
                    MeasureKind.SumOfSquares => $"SUM({V(d.Value)} * {V(d.Value)})",
                    _ => null,
                };
                string? valuesSql = null;
                if (sql is not null)
                {
                    selects.Add(sql + " AS " + t.Quote(column));
                }
                else
                {
                    var filter = (NeedsBounding ? $"{t.Quote("obscura_rn")} <= {K.ToString(CultureInfo.InvariantCulture)} AND " : string.Empty) + V(d.Value) + " IS NOT NULL";
                    valuesSql = $"SELECT {string.Join(", ", keyColumns.Append(V(d.Value)))} FROM ({perRow}) AS {t.Quote("obscura_rows")} WHERE {filter}"
                        + $" ORDER BY {string.Join(", ", keyColumns.Append(V(d.Value)))}";
                }
                measures.Add(new Measure
                {
                    Kind = d.Kind,
                    Column = sql is null ? null : column,
                    ValuesSql = valuesSql,
                    Sensitivity = d.Bound.L1,
                    MaxGroups = d.Bound.MaxGroups,
                    MaxPerGroup = d.Bound.MaxPerGroup,
                    Epsilon = epsilon,
                    Delta = noiseDelta,
                    Lower = d.Bounds.Lower,
                    Upper = d.Bounds.Upper,
                    Quantile = d.Quantile,
                    IsInteger = d.Integer,
                    Description = d.Description,
                });
                owner._explanation.Add($"statistic {measures.Count}: {d.Description}; sensitivity {Fmt(d.Bound.L1)}; ε = {Fmt(epsilon)}");
            }
            if (selects.Count == 0) selects.Add("COUNT(*) AS " + t.Quote("obscura_rows")); // only quantiles: still one row to hang them on
            var text = $"SELECT {string.Join(", ", selects)} FROM ({perRow}) AS {t.Quote("obscura_rows")}{keep}"
                + (keyColumns.Count > 0 ? " GROUP BY " + string.Join(", ", keyColumns) : string.Empty);
            if (NeedsBounding)
                owner._explanation.Add($"contribution bounding: at most {K} row(s) per person ({rel.Unit!.Origin}), chosen by a keyed hash of the row");
            else if (rel.UnitIsUnique)
                owner._explanation.Add($"{rel.Unit!.Origin} is a unique key: each person has one row, no bounding needed");
            double tau = 0;
            if (thresholdMeasure is { } tm)
            {
                var m = measures[tm];
                var bound = new ContributionBound(m.MaxGroups, m.MaxPerGroup);
                tau = owner._request.Noise == NoiseKind.Gaussian
                    ? GroupThreshold.Gaussian(new GaussianMechanism(m.Epsilon, m.Delta, bound.L2), thresholdDelta, bound)
                    : GroupThreshold.Laplace(new LaplaceMechanism(m.Epsilon, bound.L1), thresholdDelta, bound);
                owner._explanation.Add($"τ = {Fmt(tau)}: a group is released only when its noisy person count reaches it");
            }
            return new AggregateBranch
            {
                Sql = text,
                GroupKeyCount = _keys.Count,
                GroupKeyTexts = _keys.ConvertAll(k => k.Text),
                Measures = measures,
                Aggregates = _aggregates,
                Outputs = Outputs,
                Having = Having,
                SortKeys = SortKeys,
                ThresholdMeasure = thresholdMeasure,
                Threshold = tau,
                KeyDomains = AllKeysHaveDomains ? _keys.ConvertAll(k => k.Column!.Domain!) : null,
                MaxContributions = K,
                Top = query.Top,
            };

            string V(int? index) => t.Quote("obscura_v" + index!.Value.ToString(CultureInfo.InvariantCulture));
        }

        private string RowHash(string unitSql) => owner.SamplingOrder([unitSql, .. _keys.Select(k => k.Sql), .. _values.Select(v => v.Sql)]);
    }

    private sealed record MeasureDraft(MeasureKind Kind, int? Value, ContributionBound Bound, Interval Bounds, bool Integer, string Description, double Quantile);
}
