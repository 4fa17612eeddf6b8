namespace Obscura.Engine.Validation;

/// <summary>The outcome of one check.</summary>
public enum ValidationStatus
{
    /// <summary>Nothing wrong found.</summary>
    Passed,
    /// <summary>At least one failure (see the counts and examples).</summary>
    Failed,
    /// <summary>Not run: nothing to compare against (e.g. no source row counts for an in-place run).</summary>
    Skipped,
}
