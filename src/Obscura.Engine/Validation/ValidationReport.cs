namespace Obscura.Engine.Validation;

/// <summary>Everything <see cref="ValidationService"/> found: written as validation-report.json and validation-report.html.</summary>
public sealed record ValidationReport
{
    /// <summary>The source database (URI without password), or null for an in-place run.</summary>
    public string? Source { get; init; }
    /// <summary>The validated database (URI without password).</summary>
    public required string Target { get; init; }
    /// <summary>When validation started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Tables validated.</summary>
    public int Tables { get; init; }
    /// <summary>True when no check failed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
    /// <summary>The checks, in a fixed order.</summary>
    public IReadOnlyList<ValidationCheck> Checks { get; init; } = [];
    /// <summary>How the leakage scan decides what counts (see docs/validation.md).</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>The check of the given kind, or null.</summary>
    public ValidationCheck? this[ValidationCheckKind kind] => Checks.FirstOrDefault(c => c.Check == kind);
}
