using System.Globalization;
using System.Text.Json;

namespace Obscura.Service.Operations;

/// <summary>
/// The one place that says what changed between two versions of an operation: every request field (lists member by
/// member, <c>filter</c> table by table, nested parts field by field, the config as a line diff), the required roles,
/// and the data sources the request resolved to (field by field; the password only as "changed"). Values shown are
/// request text users wrote, never row data or secrets.
/// </summary>
internal static class RequestDiff
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";

    // Lists whose order carries no meaning: compared as sets, member by member.
    private static readonly HashSet<string> SetFields = new(StringComparer.Ordinal) { "tables", "required_approvers" };
    // Set by the service on recurring runs, not by the requester.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "run_of" };

    /// <summary>The changes from <paramref name="from"/> to <paramref name="to"/>; with no <paramref name="from"/>, none.</summary>
    public static RequestDiffView Compare(long operationId, OperationVersionView? from, OperationVersionView to, string fromBasis)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (from is null) return new RequestDiffView { OperationId = operationId, From = null, To = to.Version, FromBasis = fromBasis, Changes = [], Config = [] };
        var changes = new List<FieldChange>();
        CompareRequests(from.Request, to.Request, changes);
        CompareSets("required_roles", from.RequiredRoles, to.RequiredRoles, changes);
        CompareSources("source", from.Source, to.Source, changes);
        CompareSources("target", from.Target, to.Target, changes);
        var config = ConfigLineDiff.Compare(from.Request.Config, to.Request.Config);
        return new RequestDiffView { OperationId = operationId, From = from.Version, To = to.Version, FromBasis = fromBasis, Changes = changes, Config = config };
    }

    private static void CompareRequests(OperationRequest before, OperationRequest after, List<FieldChange> changes)
    {
        var a = Properties(JsonSerializer.SerializeToElement(before, OperationPlanner.Json));
        var b = Properties(JsonSerializer.SerializeToElement(after, OperationPlanner.Json));
        foreach (var name in b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))).ToList())
        {
            if (Ignored.Contains(name)) continue;
            var (old, now) = (Get(a, name), Get(b, name));
            if (name == "config")
            {
                var (x, y) = (Text(old), Text(now));
                if (!string.Equals(ConfigLineDiff.Normalize(x), ConfigLineDiff.Normalize(y), StringComparison.Ordinal))
                    changes.Add(new FieldChange("config", x is null ? Added : y is null ? Removed : Changed, null, null));
            }
            else if (SetFields.Contains(name)) CompareSets(name, Strings(old), Strings(now), changes);
            else CompareValues(name, old, now, changes);
        }
    }

    /// <summary>Scalars by value; objects (filter, generate, sample) member by member; other arrays as their JSON text.</summary>
    private static void CompareValues(string field, JsonElement? old, JsonElement? now, List<FieldChange> changes)
    {
        if (old is { ValueKind: JsonValueKind.Object } || now is { ValueKind: JsonValueKind.Object })
        {
            var a = old is { ValueKind: JsonValueKind.Object } o ? Properties(o) : [];
            var b = now is { ValueKind: JsonValueKind.Object } n ? Properties(n) : [];
            foreach (var key in b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))).ToList())
            {
                CompareValues($"{field}.{key}", Get(a, key), Get(b, key), changes);
            }
            return;
        }
        var (before, after) = (Text(old), Text(now));
        if (string.Equals(before, after, StringComparison.Ordinal)) return;
        changes.Add(new FieldChange(field, before is null ? Added : after is null ? Removed : Changed, before, after));
    }

    private static void CompareSets(string field, IReadOnlyList<string> before, IReadOnlyList<string> after, List<FieldChange> changes)
    {
        // An empty table list means every table: going to or from it is one change of the whole field, not members coming or going.
        if (field == "tables" && (before.Count == 0) != (after.Count == 0))
        {
            changes.Add(new FieldChange(field, Changed, before.Count == 0 ? "all tables" : string.Join(", ", before), after.Count == 0 ? "all tables" : string.Join(", ", after)));
            return;
        }
        foreach (var gone in before.Where(x => !after.Contains(x, StringComparer.Ordinal))) changes.Add(new FieldChange(field, Removed, gone, null));
        foreach (var came in after.Where(x => !before.Contains(x, StringComparer.Ordinal))) changes.Add(new FieldChange(field, Added, null, came));
    }

    private static void CompareSources(string field, DataSourceSnapshot? before, DataSourceSnapshot? after, List<FieldChange> changes)
    {
        if (before is null && after is null) return;
        if (before is null || after is null || before.Id != after.Id)
        {
            changes.Add(new FieldChange(field, before is null ? Added : after is null ? Removed : Changed, before?.Describe(), after?.Describe()));
            return;
        }
        void Field(string name, object? x, object? y)
        {
            var (a, b) = (Format(x), Format(y));
            if (!string.Equals(a, b, StringComparison.Ordinal)) changes.Add(new FieldChange($"{field}.{name}", a is null ? Added : b is null ? Removed : Changed, a, b));
        }
        Field("name", before.Name, after.Name);
        Field("kind", before.Kind, after.Kind);
        Field("host", before.Host, after.Host);
        Field("port", before.Port, after.Port);
        Field("database", before.Database, after.Database);
        Field("username", before.Username, after.Username);
        Field("environment", before.Environment, after.Environment);
        Field("classification", before.Classification, after.Classification);
        Field("tls_mode", before.TlsMode, after.TlsMode);
        if (before.CredentialDigest != after.CredentialDigest)
            changes.Add(new FieldChange($"{field}.password", after.CredentialDigest == "none" ? Removed : before.CredentialDigest == "none" ? Added : Changed, null, "changed"));
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement e)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
            if (p.Value.ValueKind != JsonValueKind.Null) map[p.Name] = p.Value;
        return map;
    }

    private static JsonElement? Get(Dictionary<string, JsonElement> properties, string name) => properties.TryGetValue(name, out var value) ? value : null;

    private static List<string> Strings(JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList() : [];

    private static string? Text(JsonElement? e) => e switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } other => other.GetRawText(),
    };

    private static string? Format(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

}
