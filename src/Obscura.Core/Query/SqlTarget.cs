namespace Obscura.Core.Query;

/// <summary>
/// The database dialect the rewritten SQL is written in: the provider name (<c>sqlite</c>, <c>postgres</c>, <c>mysql</c>)
/// and its identifier quoting (the provider's <c>SqlDialect.Quote</c>). Function spellings per engine live in the renderer.
/// </summary>
public sealed record SqlTarget(string Engine, Func<string, string> Quote)
{
    /// <summary>A PostgreSQL-style target used when no database is given (explanations).</summary>
    public static SqlTarget Generic { get; } = new("postgres", n => "\"" + n.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
}
