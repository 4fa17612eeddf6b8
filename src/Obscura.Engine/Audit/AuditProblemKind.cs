namespace Obscura.Engine.Audit;

/// <summary>Why an audit log failed verification.</summary>
public enum AuditProblemKind
{
    /// <summary>A line's content does not match its hash: it was changed after it was written (or forged).</summary>
    Edited,
    /// <summary>Sequence numbers jump: lines are missing.</summary>
    Removed,
    /// <summary>Sequence numbers go out of order: lines were moved.</summary>
    Reordered,
    /// <summary>A sequence number repeats: a line was inserted or duplicated.</summary>
    Inserted,
    /// <summary>A line's <c>prev</c> is not the hash of the line before it: the file was spliced.</summary>
    BrokenLink,
    /// <summary>The last line is incomplete: a crash mid-write, or the file was truncated.</summary>
    Torn,
    /// <summary>A line that is not an audit entry at all.</summary>
    Malformed,
    /// <summary>A line's HMAC does not match: forged by someone without the key.</summary>
    WrongHmac,
    /// <summary>The lines were signed with a different key than the one given.</summary>
    WrongKey,
    /// <summary>A key was given (or earlier lines are signed) but a line carries no HMAC.</summary>
    MissingHmac,
}
