using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Engine.Audit;
using Obscura.Engine.Query;
using Xunit;

namespace Obscura.Engine.Tests.Query;

/// <summary>
/// Every private query appends one <c>query</c> event to the policy's hash-chained audit log, whatever its outcome; the log
/// holds the SQL's fingerprint, never its literals, and audit verify accepts it until a line is edited.
/// </summary>
public abstract class QueryAuditTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : PumsDatabase
{
    private string AuditPath => Path.Combine(db.Directory, "obscura-audit.jsonl");

    private async Task<List<JsonElement>> EventsAsync() =>
        (await File.ReadAllLinesAsync(AuditPath)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(e => e.GetProperty("type").GetString() == "query").ToList();

    protected async Task<JsonElement> AskAndReadEventAsync(string sql, string user = "alice")
    {
        var before = File.Exists(AuditPath) ? (await EventsAsync()).Count : 0;
        await using (var service = db.Service())
        {
            try
            {
                await service.RunAsync(new QueryOptions { Source = db.Uri, User = user, Sql = sql, Epsilon = 1.0 }, CancellationToken.None);
            }
            catch (ObscuraException)
            {
                // the outcome is read from the event
            }
        }
        var events = await EventsAsync();
        Assert.Equal(before + 1, events.Count);
        return events[^1];
    }

    [Fact]
    public async Task An_answered_query_is_one_event_with_its_cost_tables_columns_and_mechanism()
    {
        var e = await AskAndReadEventAsync("SELECT COUNT(*), SUM(age) FROM PUMS WHERE educ = 'zq7secret' OR age > 4711");
        Assert.Equal("answered", e.GetProperty("outcome").GetString());
        Assert.Equal("query", e.GetProperty("command").GetString());
        Assert.Equal("alice", e.GetProperty("user").GetString());
        Assert.Equal(["analyst"], e.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(1.0, e.GetProperty("epsilon").GetDouble(), 9);
        Assert.Contains(e.GetProperty("tables").EnumerateArray(), t => t.GetString()!.Contains("PUMS", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(e.GetProperty("columns").EnumerateArray(), c => c.GetString()!.EndsWith("age", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("laplace", e.GetProperty("mechanism").GetString());
        Assert.Equal(16, e.GetProperty("sql_fingerprint").GetString()!.Length);
        Assert.True(e.GetProperty("seconds").GetDouble() >= 0);
        Assert.False(e.TryGetProperty("reason", out _));
        var text = await File.ReadAllTextAsync(AuditPath);
        Assert.DoesNotContain("zq7secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_and_refused_queries_are_events_that_spent_nothing_and_quote_no_literal()
    {
        var rowLevel = await AskAndReadEventAsync("SELECT age FROM PUMS WHERE sex = 'rj5secret'");
        Assert.Equal("rejected", rowLevel.GetProperty("outcome").GetString());
        Assert.Equal(DiagnosticCodes.QueryRowLevel, rowLevel.GetProperty("reason_code").GetString());
        Assert.Equal(0, rowLevel.GetProperty("epsilon").GetDouble());
        Assert.Equal(0, rowLevel.GetProperty("delta").GetDouble());

        // ScriptDom's syntax errors quote the token they stopped at: here the literal itself.
        var syntax = await AskAndReadEventAsync("SELECT COUNT(*) FROM PUMS WHERE age = 'sy9secret' 'sy8secret'");
        Assert.Equal("rejected", syntax.GetProperty("outcome").GetString());
        Assert.Equal(DiagnosticCodes.QuerySyntax, syntax.GetProperty("reason_code").GetString());

        var refused = await AskAndReadEventAsync("SELECT COUNT(*) FROM PUMS WHERE educ = 'rf3secret'", user: "mallory");
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal(DiagnosticCodes.QueryRefused, refused.GetProperty("reason_code").GetString());
        Assert.Equal(0, refused.GetProperty("epsilon").GetDouble());
        Assert.Empty(refused.GetProperty("roles").EnumerateArray());

        var overCap = await AskAndReadEventAsync("SELECT COUNT(*) FROM PUMS", user: "bob"); // intern caps ε at 0.5 per query
        Assert.Equal("refused", overCap.GetProperty("outcome").GetString());
        Assert.Equal(["analyst", "intern"], overCap.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var text = await File.ReadAllTextAsync(AuditPath);
        foreach (var secret in new[] { "rj5secret", "sy9secret", "sy8secret", "rf3secret" }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.True(AuditVerifier.Verify(AuditPath).Valid);
    }

    [Fact]
    public async Task The_log_verifies_and_an_edited_cost_is_detected()
    {
        await AskAndReadEventAsync("SELECT COUNT(*) FROM PUMS");
        await AskAndReadEventAsync("SELECT COUNT(*) FROM PUMS", user: "mallory");
        var ok = AuditVerifier.Verify(AuditPath);
        Assert.True(ok.Valid, ok.Message);
        var copy = AuditPath + ".tampered";
        var lines = await File.ReadAllLinesAsync(AuditPath);
        var i = Array.FindLastIndex(lines, l => l.Contains("\"outcome\":\"answered\"", StringComparison.Ordinal));
        lines[i] = lines[i].Replace("\"epsilon\":1,", "\"epsilon\":0.5,", StringComparison.Ordinal);
        Assert.Contains("\"epsilon\":0.5,", lines[i], StringComparison.Ordinal);
        await File.WriteAllLinesAsync(copy, lines);
        var bad = AuditVerifier.Verify(copy);
        Assert.False(bad.Valid);
        Assert.Equal(i + 1, bad.Line);
    }
}

public sealed class SqliteQueryAuditTests(SqlitePums db) : QueryAuditTests<SqlitePums>(db)
{
    [Fact]
    public void The_fingerprint_ignores_literals_and_layout_but_not_the_shape()
    {
        var a = QueryFingerprint.Of("SELECT COUNT(*) FROM PUMS WHERE age > 30 AND sex = 'f'");
        var b = QueryFingerprint.Of("select count(*)\n  from pums -- note\n where AGE > 71 and SEX = N'm'");
        var c = QueryFingerprint.Of("SELECT COUNT(*) FROM PUMS WHERE age < 30 AND sex = 'f'");
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.Equal("near ? at 1:5, not 300 nor f1", a.Redact("near 30 at 1:5, not 300 nor f1"));
        Assert.Equal("value ?", a.Redact("value 'f'"));
    }
}

public sealed class PostgresQueryAuditTests(PostgresPums db) : QueryAuditTests<PostgresPums>(db);
