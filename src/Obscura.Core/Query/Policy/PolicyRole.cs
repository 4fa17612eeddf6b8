namespace Obscura.Core.Query.Policy;

/// <summary>What a role may spend: per query, and in total per reset period.</summary>
public sealed record PolicyRole
{
    /// <summary>The role name.</summary>
    public required string Name { get; init; }
    /// <summary>The largest ε one query may cost (also the default when <c>--epsilon</c> is not given).</summary>
    public double EpsilonPerQuery { get; init; } = 1.0;
    /// <summary>The largest δ one query may cost (also the default).</summary>
    public double DeltaPerQuery { get; init; } = 1e-6;
    /// <summary>The total ε per period.</summary>
    public double BudgetEpsilon { get; init; } = 10.0;
    /// <summary>The total δ per period.</summary>
    public double BudgetDelta { get; init; } = 1e-5;
    /// <summary>When the budget starts afresh.</summary>
    public ResetSchedule Reset { get; init; } = ResetSchedule.Never;
    /// <summary>With <see cref="ResetSchedule.Cron"/>: the five-field cron expression (UTC), e.g. <c>0 0 * * 1</c>.</summary>
    public string? ResetCron { get; init; }
}
