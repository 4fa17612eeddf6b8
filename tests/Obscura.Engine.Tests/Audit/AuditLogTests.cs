using System.Text;
using Obscura.Core.Config;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Audit;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Tests.Audit;

/// <summary>The hash chain: a valid log verifies; every kind of tampering is found at the right line.</summary>
public sealed class AuditLogTests
{
    private static readonly DatabaseUri Db = DatabaseUri.Parse("postgres://anon:s3cret-pass@db.example:5432/clinical");
    private static readonly AuditKey Key = AuditKey.FromText("audit-test-key-0123456789abcdef");

    private static string NewPath() => Path.Combine(Path.GetTempPath(), "obscura-tests", "audit-" + Guid.NewGuid().ToString("N"), "obscura-audit.jsonl");

    /// <summary>Two runs of six events each: 12 lines.</summary>
    private static string WriteLog(AuditKey? key = null)
    {
        var path = NewPath();
        for (var run = 0; run < 2; run++)
        {
            using var log = AuditLog.Open(path, key);
            log.RunStarted("anonymize", [Db], ConfigFingerprint.Compute(ConfigLoader.Parse("tables: { person: { columns: { name: hash } } }")));
            log.BackupCreated(Db, "pg_dump", "/backups/run", 3, 1200, 65536, TimeSpan.FromSeconds(1.5));
            log.BackupVerified(Db, "/backups/run", true, [new TableChecksum(new TableName("public", "person"), 1000, new string('a', 64))]);
            log.TableAnonymized(Db, new TableName("public", "person"), ["name"], 1000, TimeSpan.FromSeconds(0.25));
            log.Append(new ValidationResultEvent(Db.ToString(), ValidationCheckKind.PiiLeakage, ValidationStatus.Passed, 5000, 0));
            log.RunEnded("anonymize", AuditOutcome.Succeeded, TimeSpan.FromSeconds(3));
        }
        return path;
    }

    private static List<string> Lines(string path) => File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void Save(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Join('\n', lines) + "\n");

    [Fact]
    public void A_log_written_over_two_runs_is_one_valid_chain()
    {
        var path = WriteLog();
        var result = AuditVerifier.Verify(path);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(12, result.Lines);
        Assert.Equal(12, result.HeadSequence);
        Assert.Empty(result.Notes);
        var lines = Lines(path);
        Assert.StartsWith("{\"seq\":1,\"at\":\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"prev\":\"" + new string('0', 64) + "\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":7,", lines[6], StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("postgres://anon@db.example:5432/clinical", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_field_is_found_at_that_line()
    {
        var path = WriteLog();
        var lines = Lines(path);
        lines[3] = lines[3].Replace("\"rows_changed\":1000", "\"rows_changed\":10", StringComparison.Ordinal);
        Save(path, lines);
        var result = AuditVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Edited, result.Problem);
        Assert.Equal(4, result.Line);
        Assert.StartsWith("line 4: ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_line_is_found_where_the_gap_is()
    {
        var path = WriteLog();
        var lines = Lines(path);
        lines.RemoveAt(4);
        Save(path, lines);
        var result = AuditVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Removed, result.Problem);
        Assert.Equal(5, result.Line);
    }

    [Fact]
    public void Swapping_two_lines_is_found_at_the_first_of_them()
    {
        var path = WriteLog();
        var lines = Lines(path);
        (lines[7], lines[8]) = (lines[8], lines[7]);
        Save(path, lines);
        var result = AuditVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Reordered, result.Problem);
        Assert.Equal(8, result.Line);
    }

    [Fact]
    public void A_forged_appended_line_is_found()
    {
        var path = WriteLog();
        var lines = Lines(path);
        // A copy of the last line claiming the next sequence number: its hash no longer matches.
        lines.Add(lines[^1].Replace("\"seq\":12,", "\"seq\":13,", StringComparison.Ordinal));
        Save(path, lines);
        var result = AuditVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Edited, result.Problem);
        Assert.Equal(13, result.Line);
    }

    [Fact]
    public void A_forged_line_with_a_correct_hash_chain_fails_the_hmac()
    {
        var path = WriteLog(Key);
        var forger = AuditKey.FromText("the-forgers-own-key-0123456789");
        // The forger recomputes hashes correctly (rewriting the chain is possible without a key) but signs with another key,
        // and copies the genuine key id so the line looks right.
        using (var log = AuditLog.Open(path, forger))
            log.RunStarted("restore", [Db], new string('b', 64));
        var lines = Lines(path);
        lines[^1] = lines[^1].Replace(forger.KeyId, Key.KeyId, StringComparison.Ordinal);
        Save(path, lines);
        Assert.True(AuditVerifier.Verify(path).Problem is AuditProblemKind.Edited, "the key id is inside the hashed content");

        // Without the key id swap the chain is intact and only the HMAC tells.
        var path2 = WriteLog(Key);
        using (var log = AuditLog.Open(path2, forger)) log.RunStarted("restore", [Db], new string('b', 64));
        var unchecked_ = AuditVerifier.Verify(path2);
        Assert.True(unchecked_.Valid);
        var result = AuditVerifier.Verify(path2, Key);
        Assert.Equal(AuditProblemKind.WrongKey, result.Problem);
        Assert.Equal(13, result.Line);

        // A line without any HMAC after signed lines is refused even without the key.
        var path3 = WriteLog(Key);
        using (var log = AuditLog.Open(path3)) log.RunStarted("restore", [Db], new string('b', 64));
        var missing = AuditVerifier.Verify(path3);
        Assert.Equal(AuditProblemKind.MissingHmac, missing.Problem);
        Assert.Equal(13, missing.Line);
    }

    [Fact]
    public void A_forged_hmac_made_without_the_key_is_found()
    {
        var path = WriteLog(Key);
        var lines = Lines(path);
        var hmacAt = lines[5].IndexOf("\"hmac\":\"", StringComparison.Ordinal) + 8;
        var forged = (lines[5][hmacAt] == '0' ? "1" : "0") + lines[5][(hmacAt + 1)..];
        lines[5] = lines[5][..hmacAt] + forged;
        Save(path, lines);
        Assert.True(AuditVerifier.Verify(path).Valid, "the hash chain alone cannot see an HMAC change");
        var result = AuditVerifier.Verify(path, Key);
        Assert.Equal(AuditProblemKind.WrongHmac, result.Problem);
        Assert.Equal(6, result.Line);
    }

    [Fact]
    public void A_valid_signed_log_verifies_with_its_key_and_fails_with_another()
    {
        var path = WriteLog(Key);
        var result = AuditVerifier.Verify(path, Key);
        Assert.True(result.Valid, result.Message);
        Assert.True(result.HmacChecked);

        var wrong = AuditVerifier.Verify(path, AuditKey.FromText("not-the-audit-key-0123456789"));
        Assert.Equal(AuditProblemKind.WrongKey, wrong.Problem);
        Assert.Equal(1, wrong.Line);
    }

    [Fact]
    public void A_last_line_truncated_mid_way_is_torn_and_the_next_open_recovers_on_the_record()
    {
        var path = WriteLog();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^40]);
        var torn = AuditVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Torn, torn.Problem);
        Assert.Equal(12, torn.Line);

        using (var log = AuditLog.Open(path))
        {
            Assert.Equal(12, log.LastSequence);
            log.RunEnded("anonymize", AuditOutcome.Failed, TimeSpan.FromSeconds(1), "internal");
        }
        var result = AuditVerifier.Verify(path);
        Assert.True(result.Valid, result.Message);
        Assert.Contains(result.Notes, n => n.Contains("torn write", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"log_recovered\"", Lines(path)[11], StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_appends_from_one_process_form_one_chain()
    {
        var path = NewPath();
        using (var log = AuditLog.Open(path, Key))
        {
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                log.TableAnonymized(Db, new TableName("public", "t" + i), ["c"], i, TimeSpan.FromMilliseconds(i)));
            Assert.Equal(200, log.LastSequence);
        }
        var result = AuditVerifier.Verify(path, Key);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(200, result.Lines);
    }

    [Fact]
    public void A_second_writer_is_refused_while_a_log_is_open()
    {
        var path = NewPath();
        using var first = AuditLog.Open(path);
        var error = Assert.ThrowsAny<Exception>(() => AuditLog.Open(path));
        Assert.Contains("audit log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_fingerprint_ignores_layout_and_follows_meaning()
    {
        var a = ConfigFingerprint.Compute(ConfigLoader.Parse("tables:\n  person:\n    columns:\n      name: { strategy: mask, keep_first: 1 }\n"));
        var b = ConfigFingerprint.Compute(ConfigLoader.Parse("# comment\ntables: { person: { columns: { name: { keep_first: 1, strategy: mask } } } }\n"));
        var c = ConfigFingerprint.Compute(ConfigLoader.Parse("tables: { person: { columns: { name: { strategy: mask, keep_first: 2 } } } }\n"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Fact]
    public void Event_fields_refuse_free_text_where_identifiers_belong()
    {
        Assert.Throws<ArgumentException>(() => new RunEndedEvent("anonymize", AuditOutcome.Failed, TimeSpan.Zero, "duplicate key value (email)=(x@y.z)"));
        Assert.Throws<ArgumentException>(() => new RunStartedEvent("anonymize; rm", [Db], new string('0', 64)));
        Assert.Throws<ArgumentException>(() => new RunStartedEvent("anonymize", [Db], "not-a-hash"));
        Assert.Equal("AuditKey(" + Key.KeyId + ")", Key.ToString());
        Assert.DoesNotContain("0123456789abcdef", Encoding.UTF8.GetString(File.ReadAllBytes(WriteLog(Key))), StringComparison.Ordinal);
    }
}
