using System.Text.Json;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>run_started</c>: the command, its databases (URIs without passwords) and the fingerprint of the normalized config.</summary>
public sealed record RunStartedEvent : AuditEvent
{
    /// <summary>Creates the event.</summary>
    public RunStartedEvent(string command, IReadOnlyList<DatabaseUri> databases, string configFingerprint)
    {
        ArgumentNullException.ThrowIfNull(databases);
        Command = AuditText.Identifier(command, "command");
        Databases = databases.Select(d => d.ToString()).ToList();
        ConfigFingerprint = AuditText.Hex(configFingerprint, "config_fingerprint");
    }

    /// <summary>anonymize, restore, copy, validate...</summary>
    public string Command { get; }
    /// <summary>The databases, as URIs without their passwords.</summary>
    public IReadOnlyList<string> Databases { get; }
    /// <summary>SHA-256 of the normalized config (see <see cref="ConfigFingerprint"/>).</summary>
    public string ConfigFingerprint { get; }
    /// <summary>The Obscura version that wrote the event.</summary>
    public string Version { get; } = typeof(AuditLog).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <inheritdoc />
    public override string Type => "run_started";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("command", Command);
        writer.WriteStartArray("databases");
        foreach (var d in Databases) writer.WriteStringValue(AuditText.Bounded(d, "databases"));
        writer.WriteEndArray();
        writer.WriteString("config_fingerprint", ConfigFingerprint);
        writer.WriteString("version", Version);
    }
}
