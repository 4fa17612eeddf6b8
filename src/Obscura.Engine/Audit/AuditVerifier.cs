using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary>
/// Checks an audit log line by line and reports the first bad line and why: its content does not match its hash
/// (edited), sequence numbers jump (removed), go back (reordered) or repeat (inserted), <c>prev</c> does not chain
/// (spliced), the last line is incomplete (torn), or — with a key — the HMAC is wrong, missing, or made with another key.
/// Lines cut off the end of the file leave a valid shorter chain: compare <see cref="AuditVerification.HeadHash"/> with a
/// copy kept elsewhere to detect that.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Verifies the file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AuditVerification Verify(string path, AuditKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        return Verify(bytes, key);
    }

    /// <summary>Verifies a log held in memory.</summary>
    public static AuditVerification Verify(ReadOnlySpan<byte> log, AuditKey? key = null)
    {
        var lines = SplitLines(log, out var endsWithNewline);
        var parsed = new List<(byte[] Content, string Hash, string? Hmac, AuditLineFields? Fields)>(lines.Count);
        foreach (var (start, length) in lines)
        {
            var span = log.Slice(start, length);
            parsed.Add(AuditLine.TrySplit(span, out var content, out var hash, out var hmac)
                ? (content, hash, hmac, AuditLine.ReadFields(content))
                : ([], string.Empty, null, null));
        }

        var notes = new List<string>();
        var openRuns = new Dictionary<string, int>(StringComparer.Ordinal);
        long expected = 1;
        var prev = AuditLine.Genesis;
        string? signedBy = null;
        var signedFrom = 0;
        for (var i = 0; i < parsed.Count; i++)
        {
            var n = i + 1;
            var (content, hash, hmac, fields) = parsed[i];
            AuditVerification Fail(AuditProblemKind kind, string message) => new()
            {
                Lines = n, Line = n, Problem = kind, Message = $"line {n}: {message}", HeadSequence = expected - 1, HeadHash = prev,
                HmacChecked = key is not null, Notes = notes,
            };

            if (fields is null)
            {
                if (i == parsed.Count - 1 && !endsWithNewline)
                    return Fail(AuditProblemKind.Torn, "the last line is incomplete (torn): the writer crashed mid-write or the file was truncated");
                return Fail(AuditProblemKind.Malformed, lines[i].Length == 0 ? "the line is empty" : "the line is not an audit entry (no valid JSON object ending in a hash)");
            }
            if (AuditLine.Hash(content) != hash)
                return Fail(AuditProblemKind.Edited, "its content does not match its hash: the line was edited after it was written (or forged)");

            if (hmac is not null && signedBy is null)
            {
                signedBy = fields.KeyId;
                signedFrom = n;
            }
            if (key is not null)
            {
                if (hmac is null)
                    return Fail(AuditProblemKind.MissingHmac, "the line carries no HMAC, but a key was given: it was written without the key, or forged");
                if (fields.KeyId is { } keyId && keyId != key.KeyId)
                    return Fail(AuditProblemKind.WrongKey, $"the line was signed with another key (key id {keyId}; the given key's id is {key.KeyId})");
                if (key.Sign(content) != hmac)
                    return Fail(AuditProblemKind.WrongHmac, "its HMAC does not match: the line was forged or altered by someone without the key");
            }
            else if (hmac is null && signedBy is not null)
            {
                return Fail(AuditProblemKind.MissingHmac, $"the line carries no HMAC although the lines from line {signedFrom} on are signed: it was forged or written without the key");
            }

            if (fields.Seq != expected)
            {
                if (fields.Seq > expected)
                {
                    var later = parsed.FindIndex(i + 1, p => p.Fields?.Seq == expected);
                    if (later >= 0)
                        return Fail(AuditProblemKind.Reordered, $"it holds seq {fields.Seq} where seq {expected} belongs, and seq {expected} comes later at line {later + 1}: lines were reordered");
                    return Fail(AuditProblemKind.Removed, fields.Seq == expected + 1
                        ? $"seq {expected} is missing before it (seq jumps to {fields.Seq}): a line was removed"
                        : $"seq {expected} to {fields.Seq - 1} are missing before it: lines were removed");
                }
                return Fail(fields.Seq == expected - 1 ? AuditProblemKind.Inserted : AuditProblemKind.Reordered, fields.Seq == expected - 1
                    ? $"it repeats seq {fields.Seq} of the line before: a line was inserted or duplicated"
                    : $"it holds seq {fields.Seq} after seq {expected - 1}: lines were reordered or inserted");
            }
            if (fields.Prev != prev)
            {
                return Fail(AuditProblemKind.BrokenLink, i == 0
                    ? "the first line does not start the chain (its prev is not the genesis hash): lines were removed from the start"
                    : $"its prev is not the hash of line {n - 1}: a line before it was replaced or the file was spliced");
            }

            if (fields.Type == "log_recovered") notes.Add($"line {n}: a torn write ({Describe(content)}) was cut off when the log was reopened");
            if (fields.RunId is { } run)
            {
                if (fields.Type == "run_started") openRuns[run] = n;
                else if (fields.Type == "run_ended") openRuns.Remove(run);
            }
            expected = fields.Seq + 1;
            prev = hash;
        }
        foreach (var (run, line) in openRuns) notes.Add($"run {run} (started at line {line}) has no run_ended event: it was interrupted or is still running");
        if (parsed.Count > 0 && !endsWithNewline) notes.Add("the last line has no newline");
        if (key is null && signedBy is not null) notes.Add($"lines from line {signedFrom} on carry HMACs (key id {signedBy}) that were not checked: pass the key to check them");
        return new AuditVerification
        {
            Lines = parsed.Count, HeadSequence = expected - 1, HeadHash = prev, HmacChecked = key is not null, Notes = notes,
        };
    }

    private static string Describe(byte[] content)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(content);
        return doc.RootElement.TryGetProperty("discarded_bytes", out var b) ? $"{b.GetRawText()} bytes" : "size unknown";
    }

    /// <summary>Line spans without their newlines; a final newline does not start another line.</summary>
    private static List<(int Start, int Length)> SplitLines(ReadOnlySpan<byte> log, out bool endsWithNewline)
    {
        var result = new List<(int, int)>();
        var start = 0;
        while (start < log.Length)
        {
            var i = log[start..].IndexOf((byte)'\n');
            if (i < 0)
            {
                result.Add((start, log.Length - start));
                break;
            }
            result.Add((start, i));
            start += i + 1;
        }
        endsWithNewline = log.Length == 0 || log[^1] == (byte)'\n';
        return result;
    }
}
