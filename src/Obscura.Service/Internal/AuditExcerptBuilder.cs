using System.Text;
using System.Text.Json;
using Obscura.Service.Store;

namespace Obscura.Service.Internal;

/// <summary>
/// Builds an operation's audit excerpt (<c>audit.jsonl</c>) from the store's index of audit lines, so it holds the lines
/// every service and worker process wrote about the operation, whichever answers, without reading a log file. Lines are
/// grouped per log (hash chain), each group opened by one <c>{"type":"audit_log",...}</c> line naming the log and how many
/// of its lines follow, then those lines in chain order, byte for byte as written. Lines indexed before the store kept
/// their text are looked up in this process's own log; any not found there end the excerpt as
/// <c>{"type":"audit_line_missing",...}</c> lines (log unknown, sequence number and hash). See docs/audit.md.
/// </summary>
internal static class AuditExcerptBuilder
{
    /// <summary>The group header's type: not an audit line (no hash); it names the log the following lines come from.</summary>
    public const string LogHeader = "audit_log";

    /// <summary>An indexed line whose text is neither in the store nor in this process's log.</summary>
    public const string MissingLine = "audit_line_missing";

    public static async Task<string> BuildAsync(IServiceStore store, string localAuditPath, string target, CancellationToken ct)
    {
        var groups = new SortedDictionary<string, List<(long Seq, string Line)>>(StringComparer.Ordinal);
        var withoutText = new List<AuditExcerptLine>();
        await foreach (var row in ((IAuditExcerptStore)store).ReadAuditLinesAsync(target, ct).ConfigureAwait(false))
        {
            if (row.Line is null || row.Log is null) withoutText.Add(row);
            else Group(groups, row.Log).Add((row.Sequence, row.Line));
        }
        if (withoutText.Count > 0) await FromLocalLogAsync(localAuditPath, target, withoutText, groups, ct).ConfigureAwait(false);

        var excerpt = new StringBuilder();
        foreach (var (log, lines) in groups)
        {
            lines.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            excerpt.Append(JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = LogHeader, ["log"] = log, ["lines"] = lines.Count })).Append('\n');
            foreach (var (_, line) in lines) excerpt.Append(line).Append('\n');
        }
        foreach (var missing in withoutText.OrderBy(m => m.Sequence))
            excerpt.Append(JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = MissingLine, ["seq"] = missing.Sequence, ["hash"] = missing.Hash })).Append('\n');
        return excerpt.ToString();
    }

    private static List<(long Seq, string Line)> Group(SortedDictionary<string, List<(long Seq, string Line)>> groups, string log)
    {
        if (!groups.TryGetValue(log, out var lines)) groups[log] = lines = [];
        return lines;
    }

    /// <summary>
    /// Finds lines indexed without their text (before the store kept it) in this process's log, by sequence number and
    /// hash; removes the ones found from <paramref name="wanted"/>. Only then is the log file read.
    /// </summary>
    private static async Task FromLocalLogAsync(string auditPath, string target, List<AuditExcerptLine> wanted, SortedDictionary<string, List<(long Seq, string Line)>> groups, CancellationToken ct)
    {
        if (!File.Exists(auditPath)) return;
        var byPosition = wanted.ToDictionary(w => (w.Sequence, w.Hash));
        var log = AuditLogIds.Of(auditPath);
        // The log is appended to while this reads: share it, and read only whole lines.
        await using var stream = new FileStream(auditPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (byPosition.Count > 0 && await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0 || !line.Contains(target, StringComparison.Ordinal)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var sequence) &&
                    root.TryGetProperty("hash", out var hash) && hash.GetString() is { } h &&
                    byPosition.Remove((sequence, h), out _))
                    Group(groups, log).Add((sequence, line));
            }
            catch (JsonException)
            {
                // A line being written as this reads: it is not whole yet.
            }
        }
        wanted.RemoveAll(w => !byPosition.ContainsKey((w.Sequence, w.Hash)));
    }
}
