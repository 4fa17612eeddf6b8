using Obscura.Core.Privacy;

namespace Obscura.Core.Query.Policy;

/// <summary>The privacy policy (<c>privacy.yaml</c>): private tables, roles, users and classification rules.</summary>
public sealed record PrivacyPolicy
{
    /// <summary>The audit log file, when set.</summary>
    public string? Audit { get; init; }
    /// <summary>The budget store (<c>sqlite:FILE</c> or a PostgreSQL URI), when set.</summary>
    public string? BudgetStore { get; init; }
    /// <summary>The mechanism for counts and sums.</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.Laplace;
    /// <summary>Private tables.</summary>
    public IReadOnlyList<PolicyTable> Tables { get; init; } = [];
    /// <summary>Roles by name.</summary>
    public IReadOnlyDictionary<string, PolicyRole> Roles { get; init; } = new Dictionary<string, PolicyRole>();
    /// <summary>Users and their roles.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Users { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Classification rules in file order.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; init; } = [];
    /// <summary>The file the policy came from.</summary>
    public string FilePath { get; init; } = "privacy.yaml";

    /// <summary>The policy entry for a table, or null. Ambiguity (two keys for one table) is reported when the policy loads.</summary>
    public PolicyTable? TableFor(string? schema, string name) => Tables.FirstOrDefault(t => t.Describes(schema, name));

    /// <summary>The most restrictive class of the rules matching any of the names (null when none matches).</summary>
    public DataClass? ClassOf(IEnumerable<string> names)
    {
        var list = names as IReadOnlyCollection<string> ?? names.ToList();
        DataClass? result = null;
        foreach (var rule in Rules)
        {
            if (rule.Matches(list) && (result is null || rule.Class > result)) result = rule.Class;
        }
        return result;
    }

    /// <summary>The rules that match any of the names (for explanations).</summary>
    public IEnumerable<PolicyRule> RulesMatching(IEnumerable<string> names)
    {
        var list = names as IReadOnlyCollection<string> ?? names.ToList();
        return Rules.Where(r => r.Matches(list));
    }

    /// <summary>The user's roles combined most-restrictively.</summary>
    /// <exception cref="QueryRefusedException">The user is not in the policy.</exception>
    public EffectiveRole RoleFor(string user)
    {
        if (!Users.TryGetValue(user, out var names) || names.Count == 0)
            throw new QueryRefusedException(Diagnostics.DiagnosticCodes.QueryRefused, $"user '{user}' has no role in the policy {Path.GetFileName(FilePath)}");
        var roles = names.Select(n => Roles[n]).ToList();
        var limits = new PolicyRole
        {
            Name = string.Join("+", names),
            EpsilonPerQuery = roles.Min(r => r.EpsilonPerQuery),
            DeltaPerQuery = roles.Min(r => r.DeltaPerQuery),
            BudgetEpsilon = roles.Min(r => r.BudgetEpsilon),
            BudgetDelta = roles.Min(r => r.BudgetDelta),
            // A longer period refills later, so it is the more restrictive one; "never" is the longest.
            Reset = roles.Any(r => r.Reset == ResetSchedule.Never) ? ResetSchedule.Never : roles.Max(r => r.Reset),
            // Cron ranks above the fixed periods; among several cron roles the first listed one's expression applies.
            ResetCron = roles.Any(r => r.Reset == ResetSchedule.Never) ? null : roles.FirstOrDefault(r => r.Reset == ResetSchedule.Cron)?.ResetCron,
        };
        return new EffectiveRole { User = user, Roles = names, Limits = limits };
    }
}
