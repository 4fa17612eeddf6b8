using System.Text.Json;

namespace Obscura.Engine.Audit;

/// <summary>
/// One kind of audit event. The set is closed (the constructor is not accessible outside Obscura.Engine) and every field
/// is typed metadata — names, counts, durations, hashes, outcomes — so there is nowhere to put a row value, a message
/// from a driver (which can quote values) or a secret.
/// </summary>
public abstract record AuditEvent
{
    private protected AuditEvent()
    {
    }

    /// <summary>The <c>type</c> field: run_started, run_ended, backup_created, ...</summary>
    public abstract string Type { get; }

    /// <summary>Writes the event's own fields (between <c>run_id</c> and <c>prev</c>).</summary>
    internal abstract void WriteFields(Utf8JsonWriter writer);

    /// <summary>Seconds rounded to milliseconds.</summary>
    private protected static double Seconds(TimeSpan elapsed) => Math.Round(elapsed.TotalSeconds, 3);
}
