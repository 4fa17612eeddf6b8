namespace Obscura.Engine.Validation;

/// <summary>One check's result: status, what was checked, how many failed, per-item counts and up to 10 example locations.</summary>
public sealed record ValidationCheck
{
    /// <summary>Which check.</summary>
    public required ValidationCheckKind Check { get; init; }
    /// <summary>passed, failed or skipped.</summary>
    public required ValidationStatus Status { get; init; }
    /// <summary>One sentence: what the check verifies.</summary>
    public required string Description { get; init; }
    /// <summary>How many things were checked: tables (row counts), keys (foreign keys, unique), columns (not null), cells (leakage).</summary>
    public long Checked { get; init; }
    /// <summary>How many failed (see <see cref="ValidationItem.Failures"/> for the unit).</summary>
    public long Failures { get; init; }
    /// <summary>Time the check took (checks run concurrently, so these overlap).</summary>
    public double Seconds { get; init; }
    /// <summary>Per table, key or column.</summary>
    public IReadOnlyList<ValidationItem> Items { get; init; } = [];
    /// <summary>Up to 10 locations of failures, spread over the failing items.</summary>
    public IReadOnlyList<ValidationExample> Examples { get; init; } = [];
    /// <summary>Extra figures (leakage: original values fingerprinted, columns scanned, longest original in tokens).</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
    /// <summary>Why a check was skipped, or a caveat.</summary>
    public string? Note { get; init; }

    /// <summary>True unless the check failed.</summary>
    public bool Passed => Status != ValidationStatus.Failed;
}
