using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Obscura.Engine.Audit.Internal;

/// <summary>
/// The line format. A line is the JSON object <c>{seq, at, type, run_id, ...event fields, [key_id], prev}</c> written once
/// (its "content"), with <c>,"hash":H</c> and optionally <c>,"hmac":M</c> spliced in before the closing brace. H is the
/// SHA-256 of the content bytes exactly as written; M is their HMAC-SHA256. Verifying cuts the fixed-size suffix off again,
/// so nothing is re-serialized and no JSON canonicalization can disagree between writer and verifier.
/// </summary>
internal static class AuditLine
{
    /// <summary>The <c>prev</c> of the first line.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly byte[] HashPrefix = ",\"hash\":\""u8.ToArray();
    private static readonly byte[] HmacPrefix = ",\"hmac\":\""u8.ToArray();
    private const int DigestLength = 64;
    // ,"hash":"<64>"   and   ,"hmac":"<64>"
    private static readonly int HashMemberLength = HashPrefix.Length + DigestLength + 1;
    private static readonly int HmacMemberLength = HmacPrefix.Length + DigestLength + 1;

    /// <summary>Builds one line (with its newline) and returns it with its hash.</summary>
    public static (byte[] Line, string Hash) Format(long seq, DateTimeOffset at, string runId, AuditEvent auditEvent, string prev, AuditKey? key)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("type", auditEvent.Type);
            writer.WriteString("run_id", runId);
            auditEvent.WriteFields(writer);
            if (key is not null) writer.WriteString("key_id", key.KeyId);
            writer.WriteString("prev", prev);
            writer.WriteEndObject();
        }
        var content = buffer.WrittenSpan;
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var line = new List<byte>(content.Length + HashMemberLength + HmacMemberLength + 2);
        line.AddRange(content[..^1]);
        line.AddRange(HashPrefix);
        line.AddRange(Encoding.ASCII.GetBytes(hash));
        line.Add((byte)'"');
        if (key is not null)
        {
            line.AddRange(HmacPrefix);
            line.AddRange(Encoding.ASCII.GetBytes(key.Sign(content)));
            line.Add((byte)'"');
        }
        line.Add((byte)'}');
        line.Add((byte)'\n');
        return (line.ToArray(), hash);
    }

    /// <summary>
    /// Splits a line (without its newline) into content, stored hash and stored HMAC; false when the line does not end in
    /// a well-formed hash member (a torn or mangled line).
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out byte[] content, out string hash, out string? hmac)
    {
        content = [];
        hash = string.Empty;
        hmac = null;
        if (line.Length < HashMemberLength + 2 || line[^1] != (byte)'}') return false;
        var end = line.Length - 1;
        if (end - HmacMemberLength > 0 && IsMember(line.Slice(end - HmacMemberLength, HmacMemberLength), HmacPrefix))
        {
            hmac = Encoding.ASCII.GetString(line.Slice(end - HmacMemberLength + HmacPrefix.Length, DigestLength));
            end -= HmacMemberLength;
        }
        if (end - HashMemberLength <= 0 || !IsMember(line.Slice(end - HashMemberLength, HashMemberLength), HashPrefix))
        {
            hmac = null;
            return false;
        }
        hash = Encoding.ASCII.GetString(line.Slice(end - HashMemberLength + HashPrefix.Length, DigestLength));
        var body = line[..(end - HashMemberLength)];
        content = new byte[body.Length + 1];
        body.CopyTo(content);
        content[^1] = (byte)'}';
        return true;
    }

    /// <summary>SHA-256 of content as lower-case hex.</summary>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The fields the chain depends on, from a line's content; null when the content is not such an object.</summary>
    public static AuditLineFields? ReadFields(byte[] content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("seq", out var seq) || seq.ValueKind != JsonValueKind.Number || !seq.TryGetInt64(out var s)) return null;
            if (!root.TryGetProperty("prev", out var prev) || prev.ValueKind != JsonValueKind.String) return null;
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String) return null;
            var at = root.TryGetProperty("at", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var runId = root.TryGetProperty("run_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var keyId = root.TryGetProperty("key_id", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            return new AuditLineFields(s, type.GetString()!, prev.GetString()!, at, runId, keyId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsMember(ReadOnlySpan<byte> member, ReadOnlySpan<byte> prefix)
    {
        if (!member.StartsWith(prefix) || member[^1] != (byte)'"') return false;
        foreach (var b in member.Slice(prefix.Length, DigestLength))
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f'))) return false;
        }
        return true;
    }
}

/// <summary>The chain-relevant fields of one line.</summary>
internal sealed record AuditLineFields(long Seq, string Type, string Prev, string? At, string? RunId, string? KeyId);
