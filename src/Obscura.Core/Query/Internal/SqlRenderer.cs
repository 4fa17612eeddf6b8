using System.Globalization;
using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query.Internal;

/// <summary>
/// Writes expressions of the AST in a target engine's SQL. Column references (and anything else the caller wants to
/// replace, such as clamped columns) come from <c>resolve</c>; functions are spelled per engine.
/// </summary>
internal sealed class SqlRenderer(SqlTarget target, Func<SqlExpression, string?> resolve)
{
    private bool IsMySql => target.Engine == "mysql";
    private bool IsSqlite => target.Engine == "sqlite";
    private bool IsPostgres => target.Engine == "postgres";

    public string Render(SqlExpression e)
    {
        if (resolve(e) is { } replaced) return replaced;
        switch (e)
        {
            case LiteralExpression l:
                return Literal(l.Value, target);
            case UnaryExpression { Operator: "NOT" } u:
                return "NOT (" + Render(u.Operand) + ")";
            case UnaryExpression u:
                return "(" + u.Operator + Render(u.Operand) + ")";
            case BinaryExpression { Operator: "||" } b when IsMySql:
                return "CONCAT(" + Render(b.Left) + ", " + Render(b.Right) + ")";
            case BinaryExpression { Operator: "/" } b when IsMySql && IntegerLike(b.Left) && IntegerLike(b.Right):
                // Keep integer division the same on every engine (MariaDB's '/' returns a decimal).
                return "(" + Render(b.Left) + " DIV " + Render(b.Right) + ")";
            case BinaryExpression b:
                return "(" + Render(b.Left) + " " + b.Operator + " " + Render(b.Right) + ")";
            case IsNullExpression n:
                return "(" + Render(n.Operand) + (n.Negated ? " IS NOT NULL)" : " IS NULL)");
            case InListExpression i:
                return "(" + Render(i.Operand) + (i.Negated ? " NOT IN (" : " IN (") + string.Join(", ", i.Items.Select(Render)) + "))";
            case BetweenExpression b:
                return "(" + Render(b.Operand) + (b.Negated ? " NOT BETWEEN " : " BETWEEN ") + Render(b.Low) + " AND " + Render(b.High) + ")";
            case CaseExpression c:
            {
                var sb = new StringBuilder("CASE");
                if (c.Operand is not null) sb.Append(' ').Append(Render(c.Operand));
                foreach (var w in c.Whens) sb.Append(" WHEN ").Append(Render(w.Condition)).Append(" THEN ").Append(Render(w.Result));
                if (c.Else is not null) sb.Append(" ELSE ").Append(Render(c.Else));
                return sb.Append(" END").ToString();
            }
            case CastExpression c:
                return Cast(Render(c.Operand), c.Type);
            case FunctionCall f:
                return Function(f);
            case SubqueryExpression s:
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, s.Kind + " is not supported; use a JOIN or a derived table", s.Position);
            case StarExpression s:
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "'*' is allowed only as a whole select list or in COUNT(*)", s.Position);
            default:
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "this expression cannot be rewritten", e.Position);
        }
    }

    private static bool IntegerLike(SqlExpression e) => e is LiteralExpression { Value: long };

    public string Cast(string sql, CastType type) => type switch
    {
        CastType.Integer => IsMySql ? $"CAST({sql} AS SIGNED)" : IsSqlite ? $"CAST({sql} AS INTEGER)" : $"CAST({sql} AS BIGINT)",
        CastType.Float => IsMySql ? $"CAST({sql} AS DOUBLE)" : IsSqlite ? $"CAST({sql} AS REAL)" : $"CAST({sql} AS DOUBLE PRECISION)",
        CastType.Decimal => IsMySql ? $"CAST({sql} AS DECIMAL(38,10))" : $"CAST({sql} AS NUMERIC)",
        CastType.Text => IsMySql ? $"CAST({sql} AS CHAR)" : $"CAST({sql} AS TEXT)",
        CastType.Date => IsSqlite ? $"date({sql})" : $"CAST({sql} AS DATE)",
        CastType.DateTime => IsSqlite ? $"datetime({sql})" : IsMySql ? $"CAST({sql} AS DATETIME)" : $"CAST({sql} AS TIMESTAMP)",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private string Function(FunctionCall f)
    {
        var args = f.Arguments;
        string A(int i) => Render(args[i]);
        string All() => string.Join(", ", args.Select(Render));
        void Arity(int min, int max)
        {
            if (args.Count < min || args.Count > max)
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported,
                    $"{f.Name} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}")} argument{(max == 1 ? "" : "s")}", f.Position);
        }
        if (f.Over is not null) return Window(f);
        switch (f.Name)
        {
            case "COUNT" when args is [StarExpression]:
                return "COUNT(*)";
            case "COUNT" or "SUM" or "AVG" or "MIN" or "MAX":
                Arity(1, 1);
                return f.Name + "(" + (f.Distinct ? "DISTINCT " : string.Empty) + A(0) + ")";
            case "ABS" or "ROUND" or "COALESCE" or "NULLIF" or "UPPER" or "LOWER" or "TRIM" or "LTRIM" or "RTRIM" or "REPLACE":
                return f.Name + "(" + All() + ")";
            case "LEN" or "LENGTH" or "CHAR_LENGTH":
                Arity(1, 1);
                return (IsMySql ? "CHAR_LENGTH(" : "LENGTH(") + A(0) + ")";
            case "SUBSTRING" or "SUBSTR":
                Arity(2, 3);
                return (IsMySql ? "SUBSTRING(" : "SUBSTR(") + All() + ")";
            case "LEFT":
                Arity(2, 2);
                return IsSqlite ? $"SUBSTR({A(0)}, 1, {A(1)})" : $"LEFT({A(0)}, {A(1)})";
            case "RIGHT":
                Arity(2, 2);
                return IsSqlite ? $"SUBSTR({A(0)}, -({A(1)}))" : $"RIGHT({A(0)}, {A(1)})";
            case "CONCAT":
                return IsMySql || IsPostgres ? "CONCAT(" + All() + ")" : "(" + string.Join(" || ", args.Select(a => "COALESCE(" + Render(a) + ", '')")) + ")";
            case "FLOOR" or "CEILING" or "CEIL":
                Arity(1, 1);
                var up = f.Name != "FLOOR";
                // SQLite's math functions are optional at build time; integer arithmetic works everywhere.
                return IsSqlite
                    ? up ? $"(CAST({A(0)} AS INTEGER) + ({A(0)} > CAST({A(0)} AS INTEGER)))" : $"(CAST({A(0)} AS INTEGER) - ({A(0)} < CAST({A(0)} AS INTEGER)))"
                    : (up ? "CEIL(" : "FLOOR(") + A(0) + ")";
            case "YEAR" or "MONTH" or "DAY":
                Arity(1, 1);
                return DatePart(f.Name, A(0));
            case "DATEPART":
                Arity(2, 2);
                if (args[0] is LiteralExpression { Value: string part } && part.ToUpperInvariant() is "YEAR" or "YY" or "YYYY" or "MONTH" or "MM" or "M" or "DAY" or "DD" or "D")
                    return DatePart(part.ToUpperInvariant() switch { "YY" or "YYYY" => "YEAR", "MM" or "M" => "MONTH", "DD" or "D" => "DAY", var p => p }, A(1));
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "DATEPART supports year, month and day", f.Position);
            case "CURRENT_TIMESTAMP":
                return "CURRENT_TIMESTAMP";
            default:
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported,
                    $"the function {f.Name} is not supported here (see docs/query.md for the functions the engine rewrites)", f.Position);
        }
    }

    private string DatePart(string part, string sql) => target.Engine switch
    {
        "sqlite" => $"CAST(strftime('{(part == "YEAR" ? "%Y" : part == "MONTH" ? "%m" : "%d")}', {sql}) AS INTEGER)",
        "mysql" => $"{part}({sql})",
        _ => $"CAST(EXTRACT({part} FROM {sql}) AS INTEGER)",
    };

    private string Window(FunctionCall f)
    {
        var name = f.Name switch
        {
            "ROW_NUMBER" or "RANK" or "DENSE_RANK" or "COUNT" or "SUM" or "AVG" or "MIN" or "MAX" or "LAG" or "LEAD" or "FIRST_VALUE" or "LAST_VALUE" or "NTILE" => f.Name,
            _ => throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, $"{f.Name} is not supported as a window function", f.Position),
        };
        var args = f.Arguments is [StarExpression] ? "*" : string.Join(", ", f.Arguments.Select(Render));
        var over = new StringBuilder();
        if (f.Over!.PartitionBy.Count > 0) over.Append("PARTITION BY ").Append(string.Join(", ", f.Over.PartitionBy.Select(Render)));
        if (f.Over.OrderBy.Count > 0)
        {
            if (over.Length > 0) over.Append(' ');
            over.Append("ORDER BY ").Append(string.Join(", ", f.Over.OrderBy.Select(o => Render(o.Expression) + (o.Descending ? " DESC" : string.Empty))));
        }
        return $"{name}({(f.Distinct ? "DISTINCT " : string.Empty)}{args}) OVER ({over})";
    }

    public static string Literal(object? value, SqlTarget target) => value switch
    {
        null => "NULL",
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => Number(d),
        string s => "'" + (target.Engine == "mysql" ? s.Replace("\\", "\\\\", StringComparison.Ordinal) : s).Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => throw new ArgumentException("unsupported literal", nameof(value)),
    };

    /// <summary>A number literal: whole values without a decimal point (so integer columns keep integer sums).</summary>
    public static string Number(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? ((long)d).ToString(CultureInfo.InvariantCulture)
        : d.ToString("R", CultureInfo.InvariantCulture);
}
