using System.Globalization;
using Obscura.Core.Config.Internal;
using Obscura.Core.Diagnostics;

using Obscura.Core.Privacy;

namespace Obscura.Core.Query.Policy;

/// <summary>
/// Reads <c>privacy.yaml</c> and validates it as a whole: every problem is collected with its YAML path and line
/// (codes OBS800-OBS803) before anything is thrown.
/// </summary>
public static class PolicyLoader
{
    private static readonly string[] TopLevelKeys = ["audit", "budget_store", "noise", "tables", "roles", "users", "rules"];
    private static readonly string[] TableKeys = ["privacy_unit", "max_contributions", "columns"];
    private static readonly string[] ColumnKeys = ["type", "lower", "upper", "private_id", "values"];
    private static readonly string[] RoleKeys = ["epsilon_per_query", "delta_per_query", "budget"];
    private static readonly string[] BudgetKeys = ["epsilon", "delta", "reset"];
    private static readonly string[] RuleKeys = ["match", "class"];

    /// <summary>Loads a file.</summary>
    /// <exception cref="ObscuraConfigException">Unreadable file or any problem in it (all listed).</exception>
    public static PrivacyPolicy LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ObscuraConfigException(path,
                [new Diagnostic(Severity.Error, string.Empty, DiagnosticCodes.UnreadableFile, $"cannot read the policy file '{path}': {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses policy YAML; <paramref name="fileName"/> is used in diagnostics.</summary>
    /// <exception cref="ObscuraConfigException">Any problem (all listed, in file order).</exception>
    public static PrivacyPolicy Parse(string yaml, string fileName = "privacy.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var bag = new DiagnosticBag();
        var root = YamlTreeReader.Read(yaml, bag);
        var policy = new PrivacyPolicy { FilePath = fileName };
        if (root is null || root.IsNull)
        {
            bag.Error(string.Empty, DiagnosticCodes.PolicyInvalid, "the policy is empty; it needs at least 'tables', 'roles' and 'users'");
        }
        else if (root.Kind != YamlNodeKind.Mapping)
        {
            Error(bag, string.Empty, $"the policy must be a mapping with 'tables', 'roles', 'users', not {root.Describe()}", root);
        }
        else
        {
            policy = Read(root, fileName, bag);
        }
        if (bag.HasErrors)
            throw new ObscuraConfigException(fileName, bag.Items.OrderBy(d => d.Line ?? 0).ThenBy(d => d.Column ?? 0).ToList());
        return policy;
    }

    private static PrivacyPolicy Read(YamlNode root, string fileName, DiagnosticBag bag)
    {
        string? audit = null, store = null;
        var noise = NoiseKind.Laplace;
        var tables = new List<PolicyTable>();
        var roles = new Dictionary<string, PolicyRole>(StringComparer.Ordinal);
        var users = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var userNodes = new List<(string User, string Role, YamlNode Node)>();
        var rules = new List<PolicyRule>();
        foreach (var (key, value) in Pairs(root, string.Empty, bag))
        {
            switch (key.Text)
            {
                case "audit":
                    audit = Text(value, "audit", bag);
                    break;
                case "budget_store":
                    store = Text(value, "budget_store", bag);
                    break;
                case "noise":
                    switch (Text(value, "noise", bag))
                    {
                        case "laplace": noise = NoiseKind.Laplace; break;
                        case "gaussian": noise = NoiseKind.Gaussian; break;
                        case { } other: Error(bag, "noise", $"unknown noise '{other}'; use laplace or gaussian", value); break;
                    }
                    break;
                case "tables":
                    ReadTables(value, tables, bag);
                    break;
                case "roles":
                    ReadRoles(value, roles, bag);
                    break;
                case "users":
                    foreach (var (user, list) in Pairs(value, "users", bag, mustBeMapping: true))
                    {
                        var path = "users." + user.Text;
                        var names = list.Kind == YamlNodeKind.Sequence ? list.Items : list.Kind == YamlNodeKind.Scalar && !list.IsNull ? [list] : null;
                        if (names is null || names.Count == 0 || names.Exists(n => n.Kind != YamlNodeKind.Scalar || n.IsNull))
                        {
                            Error(bag, path, $"a user maps to a list of role names, e.g. [analyst], not {list.Describe()}", list);
                            continue;
                        }
                        users[user.Text] = names.ConvertAll(n => n.Text);
                        userNodes.AddRange(names.Select(n => (user.Text, n.Text, n)));
                    }
                    break;
                case "rules":
                    ReadRules(value, rules, bag);
                    break;
                default:
                    Error(bag, key.Text, $"unknown key '{key.Text}'; expected one of: {string.Join(", ", TopLevelKeys)}", key);
                    break;
            }
        }
        foreach (var (user, role, node) in userNodes)
        {
            if (!roles.ContainsKey(role))
                bag.Error("users." + user, DiagnosticCodes.PolicyUnknownRole,
                    $"role '{role}' is not declared under 'roles' (declared: {(roles.Count == 0 ? "none" : string.Join(", ", roles.Keys))})", node.Line, node.Column);
        }
        for (var i = 0; i < tables.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (tables[j].Describes(tables[i].Schema, tables[i].Name) || tables[i].Describes(tables[j].Schema, tables[j].Name))
                    bag.Error("tables." + tables[i].Key, DiagnosticCodes.PolicyTable,
                        $"'{tables[i].Key}' and '{tables[j].Key}' (line {tables[j].Line}) name the same table the way SQL resolves unquoted names; keep one",
                        tables[i].Line, 1);
            }
        }
        return new PrivacyPolicy
        {
            Audit = audit, BudgetStore = store, Noise = noise, Tables = tables, Roles = roles, Users = users, Rules = rules, FilePath = fileName,
        };
    }

    private static void ReadTables(YamlNode node, List<PolicyTable> tables, DiagnosticBag bag)
    {
        foreach (var (key, value) in Pairs(node, "tables", bag, mustBeMapping: true))
        {
            var path = "tables." + key.Text;
            var parts = key.Text.Split('.');
            if (parts.Length > 2 || parts.Any(p => p.Length == 0))
            {
                Error(bag, path, $"a table key is 'schema.table' or 'table', not '{key.Text}'", key, DiagnosticCodes.PolicyTable);
                continue;
            }
            string? unit = null;
            YamlNode? unitNode = null;
            var maxContributions = 1;
            var columns = new List<PolicyColumn>();
            foreach (var (k, v) in Pairs(value, path, bag, mustBeMapping: true))
            {
                var keyPath = path + "." + k.Text;
                switch (k.Text)
                {
                    case "privacy_unit":
                        unit = Text(v, keyPath, bag);
                        unitNode = v;
                        break;
                    case "max_contributions":
                        if (Number(v, keyPath, bag) is { } n)
                        {
                            if (n < 1 || n != Math.Floor(n) || n > 1_000_000) Error(bag, keyPath, "max_contributions must be a whole number from 1 to 1000000", v, DiagnosticCodes.PolicyTable);
                            else maxContributions = (int)n;
                        }
                        break;
                    case "columns":
                        foreach (var (c, spec) in Pairs(v, keyPath, bag, mustBeMapping: true))
                        {
                            if (ReadColumn(c, spec, keyPath + "." + c.Text, bag) is { } column) columns.Add(column);
                        }
                        break;
                    default:
                        Error(bag, keyPath, $"unknown key '{k.Text}'; expected one of: {string.Join(", ", TableKeys)}", k);
                        break;
                }
            }
            if (unit is not null)
            {
                var declared = columns.Find(c => string.Equals(c.Name, unit, StringComparison.OrdinalIgnoreCase));
                if (declared is null)
                    Error(bag, path + ".privacy_unit", $"the privacy unit '{unit}' is not declared under 'columns'; declare it with private_id: true", unitNode!, DiagnosticCodes.PolicyTable);
                else if (!declared.PrivateId)
                    columns[columns.IndexOf(declared)] = declared with { PrivateId = true };
            }
            tables.Add(new PolicyTable
            {
                Key = key.Text, Schema = parts.Length == 2 ? parts[0] : null, Name = parts[^1], PrivacyUnit = unit,
                MaxContributions = maxContributions, Columns = columns, Line = key.Line,
            });
        }
    }

    private static PolicyColumn? ReadColumn(YamlNode key, YamlNode spec, string path, DiagnosticBag bag)
    {
        var type = PolicyColumnType.String;
        double? lower = null, upper = null;
        var privateId = false;
        List<string>? values = null;
        foreach (var (k, v) in Pairs(spec, path, bag, mustBeMapping: true))
        {
            var keyPath = path + "." + k.Text;
            switch (k.Text)
            {
                case "type":
                    switch (Text(v, keyPath, bag))
                    {
                        case "int" or "integer": type = PolicyColumnType.Int; break;
                        case "float" or "double" or "decimal" or "number": type = PolicyColumnType.Float; break;
                        case "string" or "text": type = PolicyColumnType.String; break;
                        case "bool" or "boolean": type = PolicyColumnType.Bool; break;
                        case "date" or "datetime": type = PolicyColumnType.Date; break;
                        case { } other: Error(bag, keyPath, $"unknown type '{other}'; use int, float, string, bool or date", v); break;
                    }
                    break;
                case "lower":
                    lower = Number(v, keyPath, bag);
                    break;
                case "upper":
                    upper = Number(v, keyPath, bag);
                    break;
                case "private_id":
                    privateId = Bool(v, keyPath, bag) ?? false;
                    break;
                case "values":
                    if (v.Kind != YamlNodeKind.Sequence || v.Items.Count == 0 || v.Items.Exists(i => i.Kind != YamlNodeKind.Scalar))
                        Error(bag, keyPath, $"'values' is a non-empty list of the column's possible values, not {v.Describe()}", v);
                    else
                        values = v.Items.ConvertAll(i => i.Text);
                    break;
                default:
                    Error(bag, keyPath, $"unknown key '{k.Text}'; expected one of: {string.Join(", ", ColumnKeys)}", k);
                    break;
            }
        }
        var numeric = type is PolicyColumnType.Int or PolicyColumnType.Float;
        if (!numeric && (lower is not null || upper is not null))
            Error(bag, path, "bounds (lower/upper) apply only to int and float columns", key, DiagnosticCodes.PolicyTable);
        if ((lower is null) != (upper is null))
            Error(bag, path, "give both 'lower' and 'upper', or neither (an unbounded column can be counted and filtered, not summed)", key, DiagnosticCodes.PolicyTable);
        if (lower is { } lo && upper is { } hi && lo > hi)
            Error(bag, path, $"'lower' ({lo.ToString(CultureInfo.InvariantCulture)}) is above 'upper' ({hi.ToString(CultureInfo.InvariantCulture)})", key, DiagnosticCodes.PolicyTable);
        if (privateId && values is not null)
            Error(bag, path, "a private_id column cannot declare public 'values'", key, DiagnosticCodes.PolicyTable);
        return new PolicyColumn { Name = key.Text, Type = type, Lower = lower, Upper = upper, PrivateId = privateId, Values = values };
    }

    private static void ReadRoles(YamlNode node, Dictionary<string, PolicyRole> roles, DiagnosticBag bag)
    {
        foreach (var (key, value) in Pairs(node, "roles", bag, mustBeMapping: true))
        {
            var path = "roles." + key.Text;
            var role = new PolicyRole { Name = key.Text };
            foreach (var (k, v) in Pairs(value, path, bag, mustBeMapping: true))
            {
                var keyPath = path + "." + k.Text;
                switch (k.Text)
                {
                    case "epsilon_per_query":
                        if (Positive(v, keyPath, bag) is { } e) role = role with { EpsilonPerQuery = e };
                        break;
                    case "delta_per_query":
                        if (Probability(v, keyPath, bag) is { } d) role = role with { DeltaPerQuery = d };
                        break;
                    case "budget":
                        foreach (var (bk, bv) in Pairs(v, keyPath, bag, mustBeMapping: true))
                        {
                            var budgetPath = keyPath + "." + bk.Text;
                            switch (bk.Text)
                            {
                                case "epsilon":
                                    if (Positive(bv, budgetPath, bag) is { } be) role = role with { BudgetEpsilon = be };
                                    break;
                                case "delta":
                                    if (Probability(bv, budgetPath, bag) is { } bd) role = role with { BudgetDelta = bd };
                                    break;
                                case "reset":
                                    switch (Text(bv, budgetPath, bag))
                                    {
                                        case "never" or "none": role = role with { Reset = ResetSchedule.Never }; break;
                                        case "daily": role = role with { Reset = ResetSchedule.Daily }; break;
                                        case "weekly": role = role with { Reset = ResetSchedule.Weekly }; break;
                                        case "monthly": role = role with { Reset = ResetSchedule.Monthly }; break;
                                        case { } other when other.Contains(' ', StringComparison.Ordinal):
                                            try
                                            {
                                                Cronos.CronExpression.Parse(other);
                                                role = role with { Reset = ResetSchedule.Cron, ResetCron = other };
                                            }
                                            catch (Cronos.CronFormatException cronError)
                                            {
                                                Error(bag, budgetPath, $"reset '{other}' is not a valid five-field cron expression: {cronError.Message}", bv);
                                            }
                                            break;
                                        case { } other: Error(bag, budgetPath, $"unknown reset '{other}'; use never, daily, weekly, monthly or a cron expression such as \"0 0 * * 1\"", bv); break;
                                    }
                                    break;
                                default:
                                    Error(bag, budgetPath, $"unknown key '{bk.Text}'; expected one of: {string.Join(", ", BudgetKeys)}", bk);
                                    break;
                            }
                        }
                        break;
                    default:
                        Error(bag, keyPath, $"unknown key '{k.Text}'; expected one of: {string.Join(", ", RoleKeys)}", k);
                        break;
                }
            }
            if (role.EpsilonPerQuery > role.BudgetEpsilon)
                Error(bag, path, "epsilon_per_query is above the budget's epsilon: no query could ever be answered", key);
            roles[key.Text] = role;
        }
    }

    private static void ReadRules(YamlNode node, List<PolicyRule> rules, DiagnosticBag bag)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Sequence)
        {
            Error(bag, "rules", $"'rules' is a list of {{ match, class }}, not {node.Describe()}", node, DiagnosticCodes.PolicyRule);
            return;
        }
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var path = $"rules[{i}]";
            string? match = null;
            DataClass? cls = null;
            foreach (var (k, v) in Pairs(item, path, bag, mustBeMapping: true))
            {
                switch (k.Text)
                {
                    case "match":
                        match = Text(v, path + ".match", bag);
                        break;
                    case "class":
                        switch (Text(v, path + ".class", bag))
                        {
                            case "restricted": cls = DataClass.Restricted; break;
                            case "confidential": cls = DataClass.Confidential; break;
                            case "public": cls = DataClass.Public; break;
                            case { } other: Error(bag, path + ".class", $"unknown class '{other}'; use restricted, confidential or public", v, DiagnosticCodes.PolicyRule); break;
                        }
                        break;
                    default:
                        Error(bag, path + "." + k.Text, $"unknown key '{k.Text}'; expected one of: {string.Join(", ", RuleKeys)}", k, DiagnosticCodes.PolicyRule);
                        break;
                }
            }
            if (item.Kind != YamlNodeKind.Mapping) continue;
            var patterns = match?.Split('|', StringSplitOptions.TrimEntries).ToList();
            if (patterns is null || patterns.Count == 0 || patterns.Exists(p => p.Length == 0))
                Error(bag, path, "the rule needs 'match': glob patterns separated by '|', e.g. \"*.ssn|*.email\"", item, DiagnosticCodes.PolicyRule);
            if (cls is null) Error(bag, path, "the rule needs 'class': restricted, confidential or public", item, DiagnosticCodes.PolicyRule);
            if (patterns is not null && cls is { } c) rules.Add(new PolicyRule { Patterns = patterns, Class = c, Line = item.Line });
        }
    }

    private static string? Text(YamlNode node, string path, DiagnosticBag bag)
    {
        if (node.Kind == YamlNodeKind.Scalar && !node.IsNull && node.Text.Length > 0) return node.Text;
        Error(bag, path, $"expected a single value, not {node.Describe()}", node);
        return null;
    }

    private static double? Number(YamlNode node, string path, DiagnosticBag bag)
    {
        if (node.Kind == YamlNodeKind.Scalar && double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        Error(bag, path, $"expected a number, not {(node.Kind == YamlNodeKind.Scalar ? "'" + node.Text + "'" : node.Describe())}", node);
        return null;
    }

    private static double? Positive(YamlNode node, string path, DiagnosticBag bag)
    {
        var d = Number(node, path, bag);
        if (d is > 0) return d;
        if (d is not null) Error(bag, path, "expected a number above 0", node);
        return null;
    }

    private static double? Probability(YamlNode node, string path, DiagnosticBag bag)
    {
        var d = Number(node, path, bag);
        if (d is >= 0 and < 1) return d;
        if (d is not null) Error(bag, path, "expected a number from 0 to below 1", node);
        return null;
    }

    private static bool? Bool(YamlNode node, string path, DiagnosticBag bag)
    {
        if (node.Kind == YamlNodeKind.Scalar && bool.TryParse(node.Text, out var b)) return b;
        Error(bag, path, "expected true or false", node);
        return null;
    }

    private static List<(YamlNode Key, YamlNode Value)> Pairs(YamlNode mapping, string path, DiagnosticBag bag, bool mustBeMapping = true)
    {
        var result = new List<(YamlNode, YamlNode)>();
        if (mapping.IsNull) return result;
        if (mapping.Kind != YamlNodeKind.Mapping)
        {
            if (mustBeMapping) Error(bag, path, $"expected a mapping, not {mapping.Describe()}", mapping);
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Pairs)
        {
            if (key.Kind != YamlNodeKind.Scalar)
            {
                Error(bag, path, $"a key must be a single name, not {key.Describe()}", key);
                continue;
            }
            if (!seen.Add(key.Text))
            {
                Error(bag, path.Length == 0 ? key.Text : path + "." + key.Text, $"duplicate key '{key.Text}'; keep one", key);
                continue;
            }
            result.Add((key, value));
        }
        return result;
    }

    private static void Error(DiagnosticBag bag, string path, string message, YamlNode node, string code = DiagnosticCodes.PolicyInvalid) =>
        bag.Error(path, code, message, node.Line, node.Column);
}
