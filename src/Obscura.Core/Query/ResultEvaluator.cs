using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Ast;
using Obscura.Core.Query.Internal;

namespace Obscura.Core.Query;

/// <summary>
/// Post-processing in .NET over the noisy per-group results: aggregates from measures (AVG = SUM/COUNT, VAR from sums of
/// squares), output expressions, HAVING, window functions over the result rows, ORDER BY keys. Costs no privacy.
/// </summary>
public sealed class ResultEvaluator
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "POWER", "SQRT", "ABS", "ROUND", "FLOOR", "CEILING", "CEIL", "PI", "RAND", "RANDOM", "EXP", "LOG", "LN", "LOG10", "SIGN", "COALESCE",
        "NULLIF", "UPPER", "LOWER", "LEN", "LENGTH", "GREATEST", "LEAST", "SQUARE",
    };

    private static readonly HashSet<string> WindowFunctions = new(StringComparer.Ordinal)
    {
        "ROW_NUMBER", "RANK", "DENSE_RANK", "SUM", "COUNT", "AVG", "MIN", "MAX",
    };

    private readonly Random _random;

    /// <summary>Creates an evaluator; <paramref name="random"/> serves RAND() in outputs (not a privacy mechanism).</summary>
    public ResultEvaluator(Random random) => _random = random;

    /// <summary>True when the scalar function can be applied to aggregates and keys after noise.</summary>
    public static bool Supports(string name) => Functions.Contains(name);

    /// <summary>True when the window function can run over the noisy result rows.</summary>
    public static bool SupportsWindow(string name) => WindowFunctions.Contains(name);

    /// <summary>
    /// The aggregates of one group from its noisy measures: counts and sums of whole numbers rounded to whole numbers,
    /// AVG/VAR/STDDEV computed and kept in their possible range.
    /// </summary>
    public static object?[] Aggregates(AggregateBranch branch, IReadOnlyList<double> measures)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(measures);
        var result = new object?[branch.Aggregates.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var a = branch.Aggregates[i];
            var main = measures[a.Measure];
            result[i] = a.Kind switch
            {
                AggregateKind.Count => (object)(long)Math.Round(main),
                AggregateKind.Sum => branch.Measures[a.Measure].IsInteger ? (long)Math.Round(main) : main,
                AggregateKind.Average => Math.Clamp(main / Math.Max(measures[a.CountMeasure!.Value], 1), a.Lower, a.Upper),
                AggregateKind.Variance => Variance(a, measures),
                AggregateKind.StandardDeviation => Math.Sqrt(Variance(a, measures)),
                _ => Math.Clamp(main, a.Lower, a.Upper),
            };
        }
        return result;
    }

    private static double Variance(AggregateSlot a, IReadOnlyList<double> m)
    {
        var n = Math.Max(m[a.CountMeasure!.Value], 1);
        var mean = Math.Clamp(m[a.SumMeasure!.Value] / n, a.Lower, a.Upper);
        var half = (a.Upper - a.Lower) / 2;
        return Math.Clamp(m[a.SquaresMeasure!.Value] / n - mean * mean, 0, half * half);
    }

    /// <summary>
    /// The measure an output column shows directly (a bare COUNT or SUM), whose confidence interval is therefore the
    /// mechanism's; null for derived values (AVG, expressions), whose intervals are not computed.
    /// </summary>
    public static int? DirectMeasure(AggregateBranch branch, int output)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return branch.Outputs[output] is SlotExpression { Kind: SlotKind.Aggregate } s && branch.Aggregates[s.Index].Kind is AggregateKind.Count or AggregateKind.Sum
            ? branch.Aggregates[s.Index].Measure
            : null;
    }

    /// <summary>Evaluates the branch's outputs (windows over all rows included) for every row; returns the output values per row.</summary>
    public List<object?[]> Outputs(AggregateBranch branch, IReadOnlyList<(object?[] Keys, object?[] Aggregates)> rows)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(rows);
        var windows = new Dictionary<SqlExpression, object?[]>(ReferenceEqualityComparer.Instance);
        foreach (var output in branch.Outputs)
        {
            foreach (var node in QueryAnalyzer.Walk(output))
            {
                if (node is FunctionCall { Over: not null } w && !windows.ContainsKey(w)) windows[w] = Window(w, rows);
            }
        }
        var result = new List<object?[]>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var values = new object?[branch.Outputs.Count];
            for (var o = 0; o < values.Length; o++) values[o] = Evaluate(branch.Outputs[o], rows[r].Keys, rows[r].Aggregates, null, windows, r);
            result.Add(values);
        }
        return result;
    }

    /// <summary>Evaluates a HAVING condition or sort key of one row.</summary>
    public object? Evaluate(SqlExpression expression, object?[] keys, object?[] aggregates, object?[]? outputs) =>
        Evaluate(expression, keys, aggregates, outputs, null, 0);

    private object?[] Window(FunctionCall w, IReadOnlyList<(object?[] Keys, object?[] Aggregates)> rows)
    {
        object? Eval(SqlExpression e, int r) => Evaluate(e, rows[r].Keys, rows[r].Aggregates, null, null, r);
        var result = new object?[rows.Count];
        var partitions = Enumerable.Range(0, rows.Count)
            .GroupBy(r => string.Join("\u0001", w.Over!.PartitionBy.Select(p => Convert.ToString(Eval(p, r), CultureInfo.InvariantCulture))));
        foreach (var partition in partitions)
        {
            var ordered = partition.ToList();
            ordered.Sort((a, b) =>
            {
                foreach (var o in w.Over!.OrderBy)
                {
                    var c = Compare(Eval(o.Expression, a), Eval(o.Expression, b));
                    if (c != 0) return o.Descending ? -c : c;
                }
                return a.CompareTo(b);
            });
            bool Peers(int a, int b) => w.Over!.OrderBy.All(o => Compare(Eval(o.Expression, a), Eval(o.Expression, b)) == 0);
            var hasOrder = w.Over!.OrderBy.Count > 0;
            long rank = 0, dense = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                var first = i == 0 || !Peers(ordered[i - 1], ordered[i]);
                if (first)
                {
                    rank = i + 1;
                    dense++;
                }
                // The default frame: with ORDER BY, from the start up to the current row and its peers; without, the whole partition.
                var end = i;
                if (hasOrder) { while (end + 1 < ordered.Count && Peers(ordered[end + 1], ordered[i])) end++; }
                else end = ordered.Count - 1;
                var frame = ordered.Take(end + 1).ToList();
                result[ordered[i]] = w.Name switch
                {
                    "ROW_NUMBER" => (long)(i + 1),
                    "RANK" => rank,
                    "DENSE_RANK" => dense,
                    "COUNT" => (long)(w.Arguments is [StarExpression] ? frame.Count : frame.Count(r => Eval(w.Arguments[0], r) is not null)),
                    _ => Fold(w.Name, frame.Select(r => Eval(w.Arguments[0], r)).Where(v => v is not null).ToList()),
                };
            }
        }
        return result;
    }

    private static object? Fold(string name, List<object?> values)
    {
        if (values.Count == 0) return null;
        return name switch
        {
            "SUM" => values.TrueForAll(v => v is long) ? values.Sum(v => (long)v!) : values.Sum(v => ToDouble(v)),
            "AVG" => values.Average(v => ToDouble(v)),
            "MIN" => values.Aggregate((a, b) => Compare(a, b) <= 0 ? a : b),
            _ => values.Aggregate((a, b) => Compare(a, b) >= 0 ? a : b),
        };
    }

    private object? Evaluate(SqlExpression e, object?[] keys, object?[] aggregates, object?[]? outputs, Dictionary<SqlExpression, object?[]>? windows, int row)
    {
        object? Eval(SqlExpression x) => Evaluate(x, keys, aggregates, outputs, windows, row);
        switch (e)
        {
            case SlotExpression { Kind: SlotKind.Key } s:
                return keys[s.Index];
            case SlotExpression { Kind: SlotKind.Aggregate } s:
                return aggregates[s.Index];
            case SlotExpression s:
                return outputs?[s.Index];
            case LiteralExpression l:
                return l.Value is decimal d ? (double)d : l.Value;
            case FunctionCall { Over: not null } w when windows is not null && windows.TryGetValue(w, out var values):
                return values[row];
            case UnaryExpression { Operator: "NOT" } u:
                return Eval(u.Operand) is bool flag ? !flag : null;
            case UnaryExpression u:
                return Eval(u.Operand) switch { long l => -l, null => null, var v => -ToDouble(v) };
            case BinaryExpression { Operator: "AND" } b:
            {
                var l = Eval(b.Left) as bool?;
                if (l == false) return false;
                var r = Eval(b.Right) as bool?;
                return r == false ? false : l is null || r is null ? null : true;
            }
            case BinaryExpression { Operator: "OR" } b:
            {
                var l = Eval(b.Left) as bool?;
                if (l == true) return true;
                var r = Eval(b.Right) as bool?;
                return r == true ? true : l is null || r is null ? null : false;
            }
            case BinaryExpression b:
                return Binary(b.Operator, Eval(b.Left), Eval(b.Right));
            case IsNullExpression n:
                return (Eval(n.Operand) is null) != n.Negated;
            case InListExpression i:
            {
                var v = Eval(i.Operand);
                if (v is null) return null;
                var found = i.Items.Any(x => Compare(v, Eval(x)) == 0);
                return found != i.Negated;
            }
            case BetweenExpression b:
            {
                var v = Eval(b.Operand);
                if (v is null) return null;
                var inside = Compare(v, Eval(b.Low)) >= 0 && Compare(v, Eval(b.High)) <= 0;
                return inside != b.Negated;
            }
            case CaseExpression c:
            {
                var operand = c.Operand is null ? null : Eval(c.Operand);
                foreach (var w in c.Whens)
                {
                    var hit = c.Operand is null ? Eval(w.Condition) is true : Compare(operand, Eval(w.Condition)) == 0;
                    if (hit) return Eval(w.Result);
                }
                return c.Else is null ? null : Eval(c.Else);
            }
            case CastExpression c:
            {
                var v = Eval(c.Operand);
                return v is null ? null : c.Type switch
                {
                    CastType.Integer => (long)Math.Truncate(ToDouble(v)),
                    CastType.Float or CastType.Decimal => ToDouble(v),
                    CastType.Text => Convert.ToString(v, CultureInfo.InvariantCulture),
                    _ => v,
                };
            }
            case FunctionCall f:
                return Function(f, f.Arguments.Select(Eval).ToList());
            default:
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "this expression cannot be computed over the noisy results", e.Position);
        }
    }

    private object? Function(FunctionCall f, List<object?> a)
    {
        double D(int i) => ToDouble(a[i]);
        if (f.Name is not ("COALESCE" or "NULLIF" or "PI" or "RAND" or "RANDOM") && a.Exists(x => x is null)) return null;
        return f.Name switch
        {
            "POWER" => Math.Pow(D(0), D(1)),
            "SQUARE" => D(0) * D(0),
            "SQRT" => Math.Sqrt(D(0)),
            "ABS" => a[0] is long l ? Math.Abs(l) : Math.Abs(D(0)),
            "ROUND" => a[0] is long l ? l : Math.Round(D(0), a.Count > 1 ? (int)D(1) : 0, MidpointRounding.AwayFromZero),
            "FLOOR" => a[0] is long l ? l : Math.Floor(D(0)),
            "CEILING" or "CEIL" => a[0] is long l ? l : Math.Ceiling(D(0)),
            "PI" => Math.PI,
            "RAND" or "RANDOM" => _random.NextDouble(),
            "EXP" => Math.Exp(D(0)),
            "LOG" => a.Count > 1 ? Math.Log(D(1), D(0)) : Math.Log(D(0)),
            "LN" => Math.Log(D(0)),
            "LOG10" => Math.Log10(D(0)),
            "SIGN" => (long)Math.Sign(D(0)),
            "COALESCE" => a.Find(x => x is not null),
            "NULLIF" => Compare(a[0], a[1]) == 0 ? null : a[0],
            "UPPER" => Convert.ToString(a[0], CultureInfo.InvariantCulture)!.ToUpperInvariant(),
            "LOWER" => Convert.ToString(a[0], CultureInfo.InvariantCulture)!.ToLowerInvariant(),
            "LEN" or "LENGTH" => (long)Convert.ToString(a[0], CultureInfo.InvariantCulture)!.Length,
            "GREATEST" => a.Aggregate((x, y) => Compare(x, y) >= 0 ? x : y),
            "LEAST" => a.Aggregate((x, y) => Compare(x, y) <= 0 ? x : y),
            _ => throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, $"the function {f.Name} is not supported over aggregates", f.Position),
        };
    }

    private static object? Binary(string op, object? l, object? r)
    {
        if (l is null || r is null) return null;
        switch (op)
        {
            case "=": return Compare(l, r) == 0;
            case "<>": return Compare(l, r) != 0;
            case "<": return Compare(l, r) < 0;
            case "<=": return Compare(l, r) <= 0;
            case ">": return Compare(l, r) > 0;
            case ">=": return Compare(l, r) >= 0;
            case "||": return Convert.ToString(l, CultureInfo.InvariantCulture) + Convert.ToString(r, CultureInfo.InvariantCulture);
            case "LIKE" or "NOT LIKE":
                var match = Like(Convert.ToString(l, CultureInfo.InvariantCulture)!, Convert.ToString(r, CultureInfo.InvariantCulture)!);
                return op == "LIKE" ? match : !match;
        }
        if (l is long a && r is long b)
        {
            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => b == 0 ? null : a / b,
                "%" => b == 0 ? null : a % b,
                _ => null,
            };
        }
        var x = ToDouble(l);
        var y = ToDouble(r);
        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => y == 0 ? null : x / y,
            "%" => y == 0 ? null : x % y,
            _ => null,
        };
    }

    private static bool Like(string text, string pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '_' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))) { t++; p++; }
            else if (p < pattern.Length && pattern[p] == '%') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '%') p++;
        return p == pattern.Length;
    }

    /// <summary>SQL-like ordering: NULLs first, numbers by value, anything else by its invariant text.</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
        if (a is bool x && b is bool y) return x.CompareTo(y);
        return string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));
    }

    private static bool IsNumber(object v) => v is long or int or short or byte or double or float or decimal or ulong or uint;

    private static double ToDouble(object? v) => v switch
    {
        null => double.NaN,
        bool b => b ? 1 : 0,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };
}
