using System.Globalization;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// Turns a <see cref="GenerationSchema"/> and row counts into <see cref="TablePlan"/>s: every column's spec (given, or
/// derived from its name and type), narrowed by the CHECK constraints it understands; keys and unique columns made
/// distinct; every foreign key a choice of parent rows. Every problem that can be known before writing (specs that do
/// not fit their column, unique columns with fewer possible values than rows, keys without parents) is reported here.
/// </summary>
internal sealed class GenerationPlanner
{
    // Faker kinds whose unique form carries a 64-bit keyed tag or permutes the input: distinct rows, distinct values.
    private static readonly HashSet<string> CollisionFreeKinds = ["email", "username", "url", "ipv6", "ssn", "national_id", "credit_card", "phone", "ipv4", "pan"];
    private static readonly HashSet<string> PermutedKinds = ["ssn", "national_id", "credit_card", "phone", "ipv4", "pan"];
    private static readonly FakerStrategy Faker = new();

    private readonly GenerationSchema _schema;
    private readonly IReadOnlyDictionary<TableName, long> _rows;
    private readonly long _seed;
    private readonly string _locale;
    private readonly RunSecret _secret;
    private readonly DiagnosticBag _diagnostics;

    private GenerationPlanner(GenerationSchema schema, IReadOnlyDictionary<TableName, long> rows, long seed, string locale, DiagnosticBag diagnostics)
    {
        _schema = schema;
        _rows = rows;
        _seed = seed;
        _locale = locale;
        _diagnostics = diagnostics;
        // The faker is keyed by a secret; here the secret is the seed, so the same seed gives the same fakes.
        _secret = RunSecret.FromText("obscura-generate-seed:" + seed.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Plans every table of <paramref name="rows"/>; problems go to <paramref name="diagnostics"/>.</summary>
    public static Dictionary<TableName, TablePlan> Plan(GenerationSchema schema, IReadOnlyDictionary<TableName, long> rows, long seed, string locale, DiagnosticBag diagnostics)
    {
        var planner = new GenerationPlanner(schema, rows, seed, locale, diagnostics);
        var plans = new Dictionary<TableName, TablePlan>();
        foreach (var (name, count) in rows)
        {
            var table = schema.Catalog.FindTable(name) ?? throw new InvalidOperationException($"table {name} is not in the catalog");
            plans[name] = planner.PlanTable(table, count);
        }
        return plans;
    }

    private TablePlan PlanTable(Table table, long rows)
    {
        var where = table.Name.ToString();
        _schema.Tables.TryGetValue(table.Name, out var spec);
        var columns = table.Columns;
        var recipes = new ColumnRecipe?[columns.Count];
        var names = columns.Select(c => c.Name).ToList();

        var bounds = new Dictionary<string, ColumnBounds>(StringComparer.OrdinalIgnoreCase);
        foreach (var check in table.Checks)
        {
            if (!CheckParser.TryApply(check.Expression, names, bounds))
            {
                _diagnostics.Warning(where, DiagnosticCodes.GenerateCheckNotUnderstood,
                    $"CHECK constraint {check.Name ?? "(unnamed)"} of {table.Name} is not one of the forms the generator reads (comparisons with numbers, BETWEEN, IN); generated rows may violate it");
            }
        }

        var uniqueKeys = UniqueKeys(table);
        var fkColumns = new HashSet<string>(table.ForeignKeys.SelectMany(f => f.Columns), StringComparer.Ordinal);
        var foreignKeys = PlanForeignKeys(table, rows, uniqueKeys, spec, recipes);

        // Columns that must be distinct: alone a key, or the one non-key column chosen to make a composite key distinct.
        var mustBeUnique = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in uniqueKeys)
        {
            if (key.Count == 1)
            {
                if (!fkColumns.Contains(key[0])) mustBeUnique.Add(key[0]);
                continue;
            }
            if (key.All(fkColumns.Contains) || key.Any(mustBeUnique.Contains)) continue;
            var pick = key.Where(c => !fkColumns.Contains(c)).Select(c => table.FindColumn(c)!)
                .OrderBy(c => c.TypeClass switch { TypeClass.Integer => 0, TypeClass.Uuid => 1, TypeClass.Text => 2, TypeClass.Decimal => 3, _ => 4 })
                .FirstOrDefault();
            if (pick is not null) mustBeUnique.Add(pick.Name);
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (recipes[i] is not null) continue;
            var column = columns[i];
            ValueSpec? given = null;
            spec?.Columns.TryGetValue(column.Name, out given);
            bounds.TryGetValue(column.Name, out var b);
            recipes[i] = Column(table, column, given, mustBeUnique.Contains(column.Name), b, rows);
        }
        return new TablePlan
        {
            Table = table,
            Rows = rows,
            Columns = recipes.Select(r => r ?? ((_, _) => new ConstantSource(null))).ToArray(),
            ForeignKeys = foreignKeys,
        };
    }

    private static List<IReadOnlyList<string>> UniqueKeys(Table table)
    {
        var keys = new List<IReadOnlyList<string>>();
        if (table.PrimaryKey is { Columns.Count: > 0 } pk) keys.Add(pk.Columns);
        foreach (var u in table.UniqueKeys) if (u.Columns.Count > 0) keys.Add(u.Columns);
        foreach (var i in table.Indexes) if (i.IsUnique && i.Columns.Count > 0 && !i.HasExpressions) keys.Add(i.Columns);
        return keys;
    }

    private ForeignKeyPlan[] PlanForeignKeys(Table table, long rows, List<IReadOnlyList<string>> uniqueKeys, TableSpec? spec, ColumnRecipe?[] recipes)
    {
        var where = table.Name.ToString();
        var plans = new List<ForeignKeyPlan>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var generated = table.ForeignKeys.Where(f => _rows.ContainsKey(f.ReferencedTable)).ToList();
        foreach (var fk in table.ForeignKeys)
        {
            var label = $"{table.Name}({string.Join(", ", fk.Columns)}) → {fk.ReferencedTable}";
            var columns = fk.Columns.Select(c => table.FindColumn(c)).ToList();
            if (columns.Any(c => c is null)) continue;
            var nullable = columns.All(c => c!.IsNullable);
            var parent = _schema.Catalog.FindTable(fk.ReferencedTable);
            _rows.TryGetValue(fk.ReferencedTable, out var parentRows);
            if (parent is null || !_rows.ContainsKey(fk.ReferencedTable) || parentRows == 0)
            {
                if (columns.Any(c => !c!.IsNullable))
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateNoParents,
                        $"foreign key {label} is NOT NULL but {fk.ReferencedTable} {(parent is null ? "is not in the schema" : "gets no rows")}: give it a row count (--rows {fk.ReferencedTable}=N)");
                    continue;
                }
                // The parent is not generated: the key stays NULL (and the constraint is not created).
                foreach (var c in fk.Columns)
                {
                    if (claimed.Add(c)) recipes[Ordinal(table, c)] = (_, _) => new ConstantSource(null);
                }
                continue;
            }
            var parentOrdinals = fk.ReferencedColumns.Select(c => parent.Columns.ToList().FindIndex(x => x.Name == c)).ToArray();
            if (parentOrdinals.Any(o => o < 0))
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"foreign key {label} references columns {fk.ReferencedTable} does not have");
                continue;
            }
            if (fk.Columns.Any(claimed.Contains))
            {
                _diagnostics.Warning(where, DiagnosticCodes.GenerateInvalidSpec,
                    $"foreign key {label} shares columns with another foreign key of {table.Name}; its shared columns follow the first key, so this one may not join");
            }

            var key = Draw.Key(_seed, "fk", table.Name.ToString(), string.Join(",", fk.Columns));
            var self = fk.ReferencedTable == table.Name;
            var fkSet = fk.Columns.ToHashSet(StringComparer.Ordinal);
            var covering = uniqueKeys.FirstOrDefault(k => k.All(fkSet.Contains));
            var junction = covering is null ? uniqueKeys.FirstOrDefault(k => fk.Columns.All(k.Contains) && k.All(c => generated.Any(g => g.Columns.Contains(c)))) : null;
            ValueSpec? columnSpec = null;
            spec?.Columns.TryGetValue(fk.Columns[0], out columnSpec);
            var nullRatio = nullable ? Math.Clamp(columnSpec?.NullRatio ?? 0, 0, 1) : 0;
            Func<ParentChoice> choice;
            if (self)
            {
                var branching = TreeParents.Branching(rows, 5);
                var chain = covering is not null;
                choice = () => new TreeParents(branching, nullable, chain);
                nullRatio = 0;
            }
            else if (covering is not null)
            {
                if (rows > parentRows)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable,
                        $"{table.Name} needs {rows} rows but ({string.Join(", ", covering)}) is unique and references {fk.ReferencedTable}, which gets {parentRows}: each parent can be referenced once");
                }
                choice = () => new OneToOneParents(parentRows, key);
            }
            else if (junction is not null)
            {
                // The foreign keys that make up the unique key, in a fixed order; each takes one digit of a permuted combination.
                var parts = generated.Where(g => g.Columns.All(junction.Contains)).ToList();
                var radices = parts.Select(g => (ulong)_rows[g.ReferencedTable]).ToArray();
                var position = parts.IndexOf(fk);
                var product = CombinationParents.Product(radices);
                if ((ulong)rows > product)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable,
                        $"{table.Name} needs {rows} rows but its unique key ({string.Join(", ", junction)}) has only {product} combinations of parent rows");
                }
                var comboKey = Draw.Key(_seed, "combination", table.Name.ToString(), string.Join(",", junction));
                choice = () => new CombinationParents(radices, position, comboKey);
            }
            else if (spec?.FanOut.TryGetValue(string.Join(",", fk.Columns), out var fanOut) == true && fanOut.Counts.Count > 0)
            {
                if (fanOut.Counts.Count != fanOut.Weights.Count || fanOut.Counts.Any(c => c < 0))
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"fan-out of {label}: counts and weights must pair up and counts be 0 or more");
                    continue;
                }
                var index = new FanOutIndex(fanOut, parentRows, rows, key);
                choice = () => new FanOutParents(index, parentRows, key);
            }
            else
            {
                choice = () => new UniformParents(parentRows, key);
            }
            if (nullRatio > 0)
            {
                var inner = choice;
                var nullKey = Draw.Key(_seed, "fk-null", table.Name.ToString(), string.Join(",", fk.Columns));
                choice = () => new NullableParents(inner(), nullRatio, nullKey);
            }

            var fkIndex = plans.Count;
            plans.Add(new ForeignKeyPlan { Parent = fk.ReferencedTable, CreateChoice = choice });
            for (var i = 0; i < fk.Columns.Count; i++)
            {
                if (!claimed.Add(fk.Columns[i])) continue;
                var parentColumn = parentOrdinals[i];
                var parentName = fk.ReferencedTable;
                recipes[Ordinal(table, fk.Columns[i])] = (owner, scope) => new ParentColumnSource(owner, fkIndex, scope, parentName, parentColumn);
            }
        }
        return [.. plans];
    }

    private static int Ordinal(Table table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++) if (table.Columns[i].Name == column) return i;
        throw new InvalidOperationException($"no column {column} in {table.Name}");
    }

    private ColumnRecipe Column(Table table, Column column, ValueSpec? given, bool unique, ColumnBounds? bounds, long rows)
    {
        var where = $"{table.Name}.{column.Name}";
        var type = column.TypeClass;
        var key = Draw.Key(_seed, table.Name.ToString(), column.Name);
        var spec = given;

        // Keys without a spec count up from 1 (what a real key column looks like, and always distinct).
        if (spec is null && unique && type is TypeClass.Integer or TypeClass.Decimal && bounds?.In is null)
        {
            var start = bounds?.Min is { } min ? (long)Math.Ceiling(min) + (bounds.MinExclusive && Math.Ceiling(min) == min ? 1 : 0) : 1;
            CheckCapacity(where, column, start + rows - 1, bounds);
            return (_, _) => new SequenceSource(start, type);
        }
        spec ??= DefaultSpecs.For(table, column) ?? TypeDefault(column, unique);
        if (spec is null)
        {
            if (column.IsNullable)
            {
                _diagnostics.Warning(where, DiagnosticCodes.GenerateUnsupportedType, $"{where} ({column.DeclaredType}): no generator for this type; the column is left NULL");
                return (_, _) => new ConstantSource(null);
            }
            _diagnostics.Error(where, DiagnosticCodes.GenerateUnsupportedType, $"{where} ({column.DeclaredType}) is NOT NULL but the generator cannot make values of this type; give it a spec");
            return (_, _) => new ConstantSource(null);
        }
        spec = Narrow(spec, column, bounds, where);
        var recipe = Compile(table, column, spec, unique, key, rows, where);
        if (recipe is null) return (_, _) => new ConstantSource(null);

        if (bounds is { In: null } && (bounds.Min is not null || bounds.Max is not null) && type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float
            && spec is not RangeValueSpec)
        {
            var inner = recipe;
            var (lo, hi) = Inclusive(bounds, column);
            recipe = (o, s) => new ClampSource(inner(o, s), lo, hi);
        }
        var ratio = Math.Clamp(spec.NullRatio, 0, 1);
        if (ratio > 0 && column.IsNullable)
        {
            var inner = recipe;
            var nullKey = Draw.Key(_seed, "null", table.Name.ToString(), column.Name);
            recipe = (o, s) => new NullableSource(inner(o, s), ratio, nullKey);
        }
        return recipe;
    }

    /// <summary>The spec with the CHECK constraint's list or bounds applied.</summary>
    private ValueSpec Narrow(ValueSpec spec, Column column, ColumnBounds? bounds, string where)
    {
        if (bounds is null) return spec;
        if (bounds.In is { } allowed)
        {
            if (allowed.Count == 0)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"the CHECK constraints of {where} allow no value");
                return spec;
            }
            if (spec is ChoiceValueSpec choice)
            {
                var keep = choice.Values.Select((v, i) => (v, w: choice.Weights is { } ws && i < ws.Count ? ws[i] : 1.0)).Where(x => allowed.Contains(x.v)).ToList();
                // A lookup's in-order list is kept whole: dropping entries would shift its columns out of line.
                if (choice.InOrder && keep.Count == choice.Values.Count) return choice;
                if (keep.Count > 0) return new ChoiceValueSpec(keep.Select(x => x.v).ToList(), keep.Select(x => x.w).ToList()) { NullRatio = spec.NullRatio };
            }
            return new ChoiceValueSpec(allowed) { NullRatio = spec.NullRatio };
        }
        if (column.TypeClass is not (TypeClass.Integer or TypeClass.Decimal or TypeClass.Float) || bounds.Min is null && bounds.Max is null) return spec;
        var (lo, hi) = Inclusive(bounds, column);
        if (lo is { } l && hi is { } h && l > h)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"the CHECK constraints of {where} allow no number");
            return spec;
        }
        if (spec is RangeValueSpec range)
        {
            var min = lo is { } a ? Math.Max(range.Min, (double)a) : range.Min;
            var max = hi is { } b ? Math.Min(range.Max, (double)b) : range.Max;
            // A range outside the allowed one: keep the allowed one instead of an empty range.
            if (min > max) (min, max) = (lo is { } a2 ? (double)a2 : max - 1000, hi is { } b2 ? (double)b2 : min + 1000);
            return range with { Min = min, Max = max };
        }
        return spec;
    }

    private static (decimal? Low, decimal? High) Inclusive(ColumnBounds bounds, Column column)
    {
        var step = column.TypeClass == TypeClass.Integer ? 1m : column.TypeClass == TypeClass.Decimal ? Step(column.Scale ?? 2) : 0.000001m;
        decimal? lo = bounds.Min is { } min ? (bounds.MinExclusive ? min + step : min) : null;
        decimal? hi = bounds.Max is { } max ? (bounds.MaxExclusive ? max - step : max) : null;
        if (column.TypeClass == TypeClass.Integer)
        {
            if (lo is { } l) lo = Math.Ceiling(l);
            if (hi is { } h) hi = Math.Floor(h);
        }
        return (lo, hi);
    }

    private static decimal Step(int scale)
    {
        var s = 1m;
        for (var i = 0; i < Math.Min(scale, 10); i++) s /= 10;
        return s;
    }

    /// <summary>The spec of a column whose name says nothing: by type.</summary>
    private static ValueSpec? TypeDefault(Column column, bool unique) => column.TypeClass switch
    {
        TypeClass.Integer => new RangeValueSpec(0, Math.Min(1000, IntegerMax(column)), 0),
        TypeClass.Decimal => new RangeValueSpec(0, Math.Min(1000, DecimalMax(column)), Math.Min(column.Scale ?? 2, 4)),
        TypeClass.Float => new RangeValueSpec(0, 1000, 2),
        TypeClass.Boolean => new ChoiceValueSpec(["true", "false"]),
        TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset => new DateRangeValueSpec(DefaultSpecs.AsOf.AddYears(-5), DefaultSpecs.AsOf),
        TypeClass.Time => new RangeValueSpec(0, 86_399, 0),
        TypeClass.Text => column.MaxLength is { } max && max <= 3
            ? new TextValueSpec(max, max, new string('A', max))
            : new TextValueSpec(Math.Min(5, column.MaxLength ?? 5), Math.Min(30, column.MaxLength ?? 30)),
        TypeClass.Uuid or TypeClass.Binary or TypeClass.Json => new TextValueSpec(0, 0), // handled by type in Compile
        _ => null,
    };

    private static double IntegerMax(Column column)
    {
        var bits = column.IntegerBits ?? 64;
        return column.IsUnsigned ? Math.Pow(2, bits) - 1 : Math.Pow(2, bits - 1) - 1;
    }

    private static double DecimalMax(Column column) =>
        column.Precision is { } p ? Math.Pow(10, p - (column.Scale ?? 0)) - Math.Pow(10, -(column.Scale ?? 0)) : double.MaxValue;

    private void CheckCapacity(string where, Column column, long largest, ColumnBounds? bounds)
    {
        var max = column.TypeClass == TypeClass.Integer ? IntegerMax(column) : DecimalMax(column);
        if (bounds?.Max is { } hi) max = Math.Min(max, (double)hi);
        if (largest > max)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable,
                $"{where} ({column.DeclaredType}) is unique but holds at most {max.ToString("0", CultureInfo.InvariantCulture)}; {largest} distinct values are needed");
        }
    }

    private ColumnRecipe? Compile(Table table, Column column, ValueSpec spec, bool unique, ulong key, long rows, string where)
    {
        var type = column.TypeClass;
        switch (type)
        {
            case TypeClass.Uuid when spec is TextValueSpec { Shape: null }:
                return (_, _) => new UuidSource(key);
            case TypeClass.Binary when spec is TextValueSpec { Shape: null }:
                var length = Math.Clamp(column.MaxLength ?? 16, 1, 16);
                return (_, _) => new BinarySource(length, key);
            case TypeClass.Json when spec is TextValueSpec { Shape: null }:
                TemplatePiece[] json = [new("{\"n\": "), new(null, RowNumber: true), new("}")];
                return (_, _) => new TemplateSource(json);
        }
        ColumnRecipe? recipe;
        bool injective;
        switch (spec)
        {
            case FakerValueSpec faker:
                (recipe, injective) = CompileFaker(table, column, faker, unique, key, where);
                break;
            case ChoiceValueSpec choice:
                (recipe, injective) = CompileChoice(column, choice, unique, key, rows, where);
                break;
            case RangeValueSpec range:
                (recipe, injective) = CompileRange(column, range, unique, key, rows, where);
                break;
            case HistogramValueSpec histogram:
                if (histogram.Buckets.Count == 0 || histogram.Buckets.Any(b => !(b.High >= b.Low) || b.Weight < 0))
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"histogram of {where}: needs buckets with low ≤ high and weights of 0 or more");
                    return null;
                }
                if (!ScalarUnits.IsScalar(type) && type != TypeClass.Text) return Mismatch(where, column, "histogram");
                var buckets = histogram.Buckets.ToArray();
                var histogramType = type == TypeClass.Text ? TypeClass.Float : type;
                recipe = (_, _) => new HistogramSource(buckets, histogram.Scale, key, histogramType);
                injective = false;
                break;
            case DateRangeValueSpec dates:
                if (type is not (TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Text)) return Mismatch(where, column, "date range");
                if (dates.To < dates.From)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"date range of {where}: 'to' is before 'from'");
                    return null;
                }
                recipe = (_, _) => new DateRangeSource(dates.From, dates.To, key, type);
                injective = false;
                break;
            case TextValueSpec text:
                (recipe, injective) = CompileText(table, column, text, unique, key, rows, where);
                break;
            case TemplateValueSpec template:
                (recipe, injective) = CompileTemplate(table, column, template, key, where);
                break;
            default:
                _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"{where}: unknown spec {spec.GetType().Name}");
                return null;
        }
        if (recipe is null) return null;
        if (unique && !injective) recipe = MakeDistinct(column, recipe, key, rows, where);
        return recipe;
    }

    private ColumnRecipe? Mismatch(string where, Column column, string what)
    {
        _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"a {what} spec cannot fill {where} ({column.DeclaredType})");
        return null;
    }

    /// <summary>A unique column whose spec repeats values: text gets the row's number, numbers and dates count up.</summary>
    private ColumnRecipe? MakeDistinct(Column column, ColumnRecipe recipe, ulong key, long rows, string where)
    {
        switch (column.TypeClass)
        {
            case TypeClass.Text:
                var max = column.MaxLength;
                if (max is { } m && rows.ToString(CultureInfo.InvariantCulture).Length > m)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"{where} is unique but its {m} characters cannot hold {rows} distinct values");
                    return null;
                }
                return (o, s) => new UniqueTextSource(recipe(o, s), max);
            case TypeClass.Integer or TypeClass.Decimal or TypeClass.Float:
                CheckCapacity(where, column, rows, null);
                var type = column.TypeClass;
                return (_, _) => new SequenceSource(1, type);
            case TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset:
                // Distinct days (or seconds) counted from a fixed start.
                var origin = ScalarUnits.FromDate(DefaultSpecs.AsOf.AddYears(-50), column.TypeClass);
                var size = column.TypeClass == TypeClass.Date ? 36_500UL : 1_576_800_000UL;
                if ((ulong)rows > size)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"{where} is a unique date; {rows} distinct dates do not fit in 100 years");
                    return null;
                }
                var t = column.TypeClass;
                return (_, _) => new UniqueRangeSource((long)origin, size, key, t);
            case TypeClass.Boolean when rows <= 2:
                return (_, _) => new ChoiceSource([false, true], null, key, unique: true);
            default:
                _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"{where} ({column.DeclaredType}) is unique but its spec cannot give {rows} distinct values");
                return null;
        }
    }

    private (ColumnRecipe?, bool) CompileFaker(Table table, Column column, FakerValueSpec faker, bool unique, ulong key, string where)
    {
        var locale = faker.Locale ?? _locale;
        var arguments = new Dictionary<string, object?> { ["kind"] = faker.Kind, ["locale"] = locale };
        var binding = new StrategyBinding
        {
            Table = table.Name,
            Column = column,
            Arguments = new StrategyArguments(arguments),
            Secret = _secret,
            RowColumns = table.Columns,
            RequiresUniqueness = unique,
        };
        var bag = new DiagnosticBag();
        Faker.Validate(binding, where, bag);
        foreach (var d in bag.Items)
        {
            if (d.Severity == Severity.Error) _diagnostics.Error(where, d.Code, d.Message);
            else if (d.Code != DiagnosticCodes.FakerNotUnique) _diagnostics.Warning(where, d.Code, d.Message);
        }
        if (bag.HasErrors) return (null, false);
        var collisionFree = unique && CollisionFreeKinds.Contains(faker.Kind);
        // Unique permuted kinds permute the row number's own digits: it must be the input as is. Other kinds get an
        // offset per column, so two columns of one kind (or two tables) do not repeat each other row by row.
        var offset = collisionFree && PermutedKinds.Contains(faker.Kind) ? 0 : (long)(key >> 24) << 8;
        var type = column.TypeClass;
        return ((_, _) => new FakerSource(Faker.Create(binding), offset, collisionFree, type), collisionFree);
    }

    private (ColumnRecipe?, bool) CompileChoice(Column column, ChoiceValueSpec choice, bool unique, ulong key, long rows, string where)
    {
        if (choice.Values.Count == 0)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the choice spec of {where} has no values");
            return (null, false);
        }
        if (choice.Weights is { } w && (w.Count != choice.Values.Count || w.Any(x => x < 0 || double.IsNaN(x))))
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the choice spec of {where} needs one weight of 0 or more per value");
            return (null, false);
        }
        var values = new object?[choice.Values.Count];
        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = column.TypeClass == TypeClass.Text ? choice.Values[i] : ValueCoercion.ToCanonical(choice.Values[i], column.TypeClass);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"choice value {i + 1} of {where} is not a {column.DeclaredType}");
                return (null, false);
            }
        }
        if (unique)
        {
            var distinct = values.Distinct().Count();
            if (distinct < rows)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable,
                    $"{where} is unique but may only hold {distinct} distinct values (its choices or CHECK list); {rows} rows cannot be generated");
                return (null, false);
            }
            // In order, the list stays as written so the table's in-order columns line up; distinct rows already get distinct entries.
            if (!choice.InOrder) values = values.Distinct().ToArray();
        }
        if (choice.InOrder) return ((_, _) => new InOrderSource(values), unique);
        var weights = choice.Weights;
        return ((_, _) => new ChoiceSource(values, weights, key, unique), unique);
    }

    private (ColumnRecipe?, bool) CompileRange(Column column, RangeValueSpec range, bool unique, ulong key, long rows, string where)
    {
        var type = column.TypeClass;
        if (!ScalarUnits.IsScalar(type) && type != TypeClass.Text)
        {
            Mismatch(where, column, "range");
            return (null, false);
        }
        if (double.IsNaN(range.Min) || double.IsNaN(range.Max) || range.Max < range.Min)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the range of {where} needs min ≤ max");
            return (null, false);
        }
        var min = range.Min;
        var max = range.Max;
        if (type == TypeClass.Integer)
        {
            min = Math.Max(min, -IntegerMax(column) - (column.IsUnsigned ? 0 : 1));
            if (column.IsUnsigned) min = Math.Max(min, 0);
            max = Math.Min(max, IntegerMax(column));
        }
        if (type == TypeClass.Decimal)
        {
            var cap = DecimalMax(column);
            min = Math.Max(min, -cap);
            max = Math.Min(max, cap);
        }
        if (unique && type is TypeClass.Integer or TypeClass.Date)
        {
            var lo = (long)Math.Ceiling(min);
            var size = (ulong)((long)Math.Floor(max) - lo + 1);
            if (size < (ulong)rows)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"{where} is unique but its range [{range.Min}, {range.Max}] holds {size} values; {rows} are needed");
                return (null, false);
            }
            return ((_, _) => new UniqueRangeSource(lo, size, key, type), true);
        }
        var scale = range.Scale;
        var outType = type == TypeClass.Text ? TypeClass.Float : type;
        ColumnRecipe recipe = (_, _) => new RangeSource(min, max, scale, key, outType);
        if (type == TypeClass.Text) recipe = Converted(recipe, TypeClass.Text);
        return (recipe, false);
    }

    private static ColumnRecipe Converted(ColumnRecipe inner, TypeClass type) => (o, s) => new ConvertSource(inner(o, s), type);

    private (ColumnRecipe?, bool) CompileText(Table table, Column column, TextValueSpec text, bool unique, ulong key, long rows, string where)
    {
        var max = column.MaxLength;
        if (text.Shape is { Length: > 0 } shape)
        {
            if (max is { } m && shape.Length > m)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the shape of {where} has {shape.Length} characters; the column holds {m}");
                return (null, false);
            }
            if (unique && ShapeSource.Capacity(shape) < (ulong)rows)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateUnsatisfiable, $"{where} is unique but its shape has only {ShapeSource.Capacity(shape)} distinct values; {rows} are needed");
                return (null, false);
            }
            ColumnRecipe shaped = (_, _) => new ShapeSource(shape, key, unique);
            return (column.TypeClass == TypeClass.Text ? shaped : Converted(shaped, column.TypeClass), unique);
        }
        if (text.MinLength < 0 || text.MaxLength < text.MinLength)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the text spec of {where} needs 0 ≤ min_length ≤ max_length");
            return (null, false);
        }
        if (column.TypeClass != TypeClass.Text)
        {
            Mismatch(where, column, "text");
            return (null, false);
        }
        var hi = Math.Max(1, max is { } cap ? Math.Min(cap, text.MaxLength) : text.MaxLength);
        var lo = Math.Min(text.MinLength, hi);
        var lorem = new StrategyBinding
        {
            Table = table.Name,
            Column = new Column { Name = column.Name, DeclaredType = "text", TypeClass = TypeClass.Text, MaxLength = hi },
            Arguments = new StrategyArguments(new Dictionary<string, object?> { ["kind"] = "lorem", ["locale"] = _locale }),
            Secret = _secret,
        };
        var bag = new DiagnosticBag();
        Faker.Validate(lorem, where, bag);
        if (bag.HasErrors) lorem = lorem with { Arguments = new StrategyArguments(new Dictionary<string, object?> { ["kind"] = "lorem" }) };
        return ((_, _) => new WordsSource(Faker.Create(lorem), lo, hi, key), false);
    }

    private (ColumnRecipe?, bool) CompileTemplate(Table table, Column column, TemplateValueSpec template, ulong key, string where)
    {
        var parsed = TemplateSource.Parse(template.Template, out var error);
        if (error is not null)
        {
            _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the template of {where}: {error}");
            return (null, false);
        }
        var factories = new List<Func<TableGenerator, GeneratorScope, TemplatePiece>>();
        var rowNumber = false;
        foreach (var (text, placeholder) in parsed)
        {
            if (!placeholder)
            {
                var piece = new TemplatePiece(text);
                factories.Add((_, _) => piece);
                continue;
            }
            if (text == "#")
            {
                rowNumber = true;
                factories.Add((_, _) => new TemplatePiece(null, RowNumber: true));
                continue;
            }
            var ordinal = table.Columns.ToList().FindIndex(c => c.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (ordinal >= 0)
            {
                if (table.Columns[ordinal].Name == column.Name)
                {
                    _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec, $"the template of {where} refers to the column itself");
                    return (null, false);
                }
                factories.Add((_, _) => new TemplatePiece(null, ordinal));
                continue;
            }
            // Not a column: a faker kind drawn for this row.
            var pseudo = new Column { Name = column.Name + "." + text, DeclaredType = "text", TypeClass = TypeClass.Text };
            var binding = new StrategyBinding
            {
                Table = table.Name,
                Column = pseudo,
                Arguments = new StrategyArguments(new Dictionary<string, object?> { ["kind"] = text, ["locale"] = _locale }),
                Secret = _secret,
            };
            var bag = new DiagnosticBag();
            Faker.Validate(binding, where, bag);
            if (bag.HasErrors)
            {
                _diagnostics.Error(where, DiagnosticCodes.GenerateInvalidSpec,
                    $"the template of {where} names '{{{text}}}', which is neither a column of {table.Name} nor a faker kind, nor {{#}}");
                return (null, false);
            }
            var offset = (long)(Draw.Key(_seed, table.Name.ToString(), column.Name, text) >> 24) << 8;
            factories.Add((_, _) => new TemplatePiece(null, Source: new FakerSource(Faker.Create(binding), offset, false, TypeClass.Text)));
        }
        var max = column.MaxLength;
        var type = column.TypeClass;
        ColumnRecipe recipe = (o, s) => new TemplateSource(factories.Select(f => f(o, s)).ToArray());
        if (type == TypeClass.Text && max is { } m) { var inner = recipe; recipe = (o, s) => new FitTextSource(inner(o, s), m); }
        if (type != TypeClass.Text) recipe = Converted(recipe, type);
        // Cut text may repeat; only an uncut template with the row number is distinct for sure.
        return (recipe, rowNumber && max is null);
    }
}
