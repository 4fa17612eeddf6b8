using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Obscura.Core.Config;

namespace Obscura.Engine.Audit;

/// <summary>
/// The SHA-256 of a config's normalized form: tables and their column rules in file order, parameters sorted by name,
/// relations, and plug-ins by file name. Comments, whitespace, quoting, key order within a rule and the file's location
/// do not change it; any change to what the run does does. Recorded in <c>run_started</c>.
/// </summary>
public static class ConfigFingerprint
{
    /// <summary>The fingerprint as 64 lower-case hex digits.</summary>
    public static string Compute(ObscuraConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("tables");
            foreach (var table in config.Tables)
            {
                w.WriteStartObject();
                w.WriteString("table", table.Key);
                w.WriteStartArray("columns");
                foreach (var column in table.Columns)
                {
                    w.WriteStartObject();
                    w.WriteString("column", column.Column);
                    w.WriteString("strategy", column.Strategy);
                    w.WriteStartObject("parameters");
                    foreach (var (name, value) in column.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        // Quoting matters only where it changes meaning ("null" the text vs null).
                        w.WriteString(name, value.Quoted ? "\"" + value.Text : value.Text);
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("relations");
            foreach (var r in config.Relations) w.WriteStringValue(r.ToString());
            w.WriteEndArray();
            w.WriteStartArray("plugins");
            foreach (var p in config.Plugins) w.WriteStringValue(Path.GetFileName(p.Path));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
