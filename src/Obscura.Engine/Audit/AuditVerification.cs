namespace Obscura.Engine.Audit;

/// <summary>The outcome of <see cref="AuditVerifier.Verify(string, AuditKey?)"/>.</summary>
public sealed record AuditVerification
{
    /// <summary>True when every line is intact and chained (and signed with the key, when one was given).</summary>
    public bool Valid => Problem is null;
    /// <summary>Lines read (including the bad one).</summary>
    public int Lines { get; init; }
    /// <summary>The first bad line (1-based), or null.</summary>
    public int? Line { get; init; }
    /// <summary>What is wrong with it, or null.</summary>
    public AuditProblemKind? Problem { get; init; }
    /// <summary>A sentence naming the line and the problem, or null.</summary>
    public string? Message { get; init; }
    /// <summary>Sequence number of the last valid line (0 when none).</summary>
    public long HeadSequence { get; init; }
    /// <summary>Hash of the last valid line: compare it with a copy kept elsewhere to detect lines cut off the end.</summary>
    public string HeadHash { get; init; } = Internal.AuditLine.Genesis;
    /// <summary>True when HMACs were checked with a key.</summary>
    public bool HmacChecked { get; init; }
    /// <summary>Observations that do not invalidate the log (recovered torn writes, runs without an end event).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
