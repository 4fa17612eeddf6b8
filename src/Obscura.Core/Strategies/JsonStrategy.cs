using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>json</c>: applies inner strategies to the string and number leaves at given paths of JSON documents and keeps
/// the rest byte for byte. Rules are numbered: <c>path_1: "$.contact.email"</c>, <c>strategy_1: hash</c>, and the inner
/// parameters <c>1_length: 8</c>. Paths: <c>$.a.b</c>, <c>$.a[*].b</c>, <c>$.a[0]</c>, <c>$..b</c>, <c>$['a b']</c>.
/// String leaves reach the inner strategy as text; number leaves as decimals when it accepts decimals, else as text.
/// </summary>
public sealed class JsonStrategy : StrategyDefinition, IDynamicParameters
{
    private const string PathPrefix = "path_";
    private const string StrategyPrefix = "strategy_";

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Json, TypeClass.Text);

    private static readonly StrategyParameter[] Dynamic =
    [
        new("path_<n>", ParameterKind.String, "Rule n's path, e.g. \"$.contact.email\", \"$.items[*].sku\", \"$..phone\" (the first matching rule applies to a leaf)."),
        new("strategy_<n>", ParameterKind.String, "Rule n's inner strategy (applied to string and number leaves at the path)."),
        new("<n>_<parameter>", ParameterKind.String, "A parameter of rule n's strategy, e.g. 1_length: 8."),
    ];

    private readonly Func<string, StrategyDefinition?> _resolve;

    /// <summary>Creates the strategy.</summary>
    /// <param name="resolve">Finds inner strategies by name (the registry's lookup); null when unknown.</param>
    public JsonStrategy(Func<string, StrategyDefinition?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _resolve = resolve;
    }

    /// <inheritdoc />
    public override string Name => "json";
    /// <inheritdoc />
    public override string Description => "Applies inner strategies to the string and number leaves at given JSON paths, keeping the rest of each document byte for byte.";
    /// <inheritdoc />
    public override string Example => "{ strategy: json, path_1: \"$.contact.email\", strategy_1: hash, path_2: \"$..phone\", strategy_2: mask, 2_keep_last: 2 }";
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public IReadOnlyList<StrategyParameter> DynamicParameters => Dynamic;

    /// <summary>True when any rule's strategy needs the run secret with its parameters.</summary>
    public override bool NeedsSecretFor(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var rule in Rules(arguments))
            if (rule.Strategy is { } name && RowNestedStrategy.NeedsSecret(_resolve, name, rule.Parameters)) return true;
        return false;
    }

    /// <inheritdoc />
    public StrategyParameter? FindDynamicParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (RuleNumber(name, PathPrefix) is not null) return Dynamic[0] with { Name = name };
        if (RuleNumber(name, StrategyPrefix) is not null) return Dynamic[1] with { Name = name };
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 0 && underscore < name.Length - 1 && IsNumber(name.AsSpan(0, underscore))) return Dynamic[2] with { Name = name };
        return null;
    }

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var rules = Rules(binding.Arguments);
        if (rules.Count == 0)
        {
            diagnostics.Error(path, DiagnosticCodes.MissingParameter, "strategy 'json' needs at least one rule: path_1 (e.g. \"$.contact.email\") and strategy_1 (e.g. hash)");
            return;
        }
        foreach (var rule in rules)
        {
            var rulePath = $"{path}.strategy_{rule.Number}";
            if (rule.Path is null || rule.Strategy is null)
            {
                diagnostics.Error(rulePath, DiagnosticCodes.MissingParameter, rule.Path is null
                    ? $"rule {rule.Number} has no 'path_{rule.Number}'"
                    : $"rule {rule.Number} has no 'strategy_{rule.Number}' for the path '{rule.Path}'");
                continue;
            }
            if (JsonPathPattern.Parse(rule.Path, out var problem) is null)
            {
                diagnostics.Error($"{path}.path_{rule.Number}", DiagnosticCodes.InvalidParameter, problem!);
                continue;
            }
            var definition = _resolve(rule.Strategy);
            if (definition is null)
            {
                diagnostics.Error(rulePath, DiagnosticCodes.UnknownStrategy, $"unknown strategy '{rule.Strategy}' in rule {rule.Number}");
                continue;
            }
            var text = definition.AcceptedTypes.Contains(TypeClass.Text);
            var number = definition.AcceptedTypes.Contains(TypeClass.Decimal);
            if (!text && !number)
            {
                diagnostics.Error(rulePath, DiagnosticCodes.TypeNotAccepted,
                    $"strategy '{definition.Name}' cannot produce JSON string or number values (it accepts: {TypeClassNames.Join(definition.AcceptedTypes)})");
                continue;
            }
            // Text leaves decide when the strategy takes text; number leaves then use decimals only where that binds too.
            var prefix = rule.Number.ToString(CultureInfo.InvariantCulture) + "_";
            var leaf = LeafColumn(binding.Column, rule.Path, text ? TypeClass.Text : TypeClass.Decimal);
            RowNestedStrategy.Bind(_resolve, rule.Strategy, binding, leaf, rule.Parameters, rulePath, prefix, diagnostics, out _);
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var where = $"{binding.Table}.{binding.Column.Name}";
        var specs = Rules(binding.Arguments);
        var rules = new List<JsonLeafRule>(specs.Count);
        foreach (var spec in specs)
        {
            if (spec.Path is null || spec.Strategy is null) throw new InvalidOperationException($"strategy 'json' on {where}: rule {spec.Number} is incomplete (validate the binding first)");
            var pattern = JsonPathPattern.Parse(spec.Path, out var problem) ?? throw new InvalidOperationException($"strategy 'json' on {where}: {problem}");
            var definition = _resolve(spec.Strategy) ?? throw new InvalidOperationException($"strategy 'json' on {where}: unknown strategy '{spec.Strategy}'");
            var prefix = spec.Number.ToString(CultureInfo.InvariantCulture) + "_";
            IColumnTransformer? text = null, number = null;
            if (definition.AcceptedTypes.Contains(TypeClass.Text))
            {
                var (d, b) = RowNestedStrategy.BindOrThrow(_resolve, spec.Strategy, binding, LeafColumn(binding.Column, spec.Path, TypeClass.Text), spec.Parameters, prefix);
                text = d.Create(b);
            }
            if (definition.AcceptedTypes.Contains(TypeClass.Decimal))
            {
                var decimalLeaf = LeafColumn(binding.Column, spec.Path, TypeClass.Decimal);
                if (text is null)
                {
                    var (d, b) = RowNestedStrategy.BindOrThrow(_resolve, spec.Strategy, binding, decimalLeaf, spec.Parameters, prefix);
                    number = d.Create(b);
                }
                else if (RowNestedStrategy.Bind(_resolve, spec.Strategy, binding, decimalLeaf, spec.Parameters, "", prefix, new DiagnosticBag(), out var d) is { } b)
                {
                    // Numbers stay numbers where the arguments also suit decimals (fixed "text" does not: it goes the text way).
                    number = d!.Create(b);
                }
            }
            rules.Add(new JsonLeafRule(pattern, text, number));
        }
        return new JsonTransformer([.. rules], binding.Column, where);
    }

    // A stand-in column for the leaves at one path: unbounded, nullable (JSON null is allowed).
    private static Column LeafColumn(Column outer, string path, TypeClass type) => new()
    {
        Name = outer.Name + path,
        DeclaredType = type == TypeClass.Text ? "json string" : "json number",
        TypeClass = type,
        IsNullable = true,
    };

    // The numbered rules in the arguments, in number order.
    private static List<JsonRuleSpec> Rules(StrategyArguments arguments)
    {
        var byNumber = new SortedDictionary<int, JsonRuleSpec>();
        JsonRuleSpec Get(int n) => byNumber.TryGetValue(n, out var spec) ? spec : byNumber[n] = new JsonRuleSpec(n, null, null, []);
        foreach (var (name, value) in arguments.Values)
        {
            if (value is null) continue;
            var text = Convert.ToString(value, CultureInfo.InvariantCulture);
            if (RuleNumber(name, PathPrefix) is { } p) byNumber[p] = Get(p) with { Path = text };
            else if (RuleNumber(name, StrategyPrefix) is { } s) byNumber[s] = Get(s) with { Strategy = text };
            else
            {
                var underscore = name.IndexOf('_', StringComparison.Ordinal);
                if (underscore <= 0 || underscore == name.Length - 1 || !IsNumber(name.AsSpan(0, underscore))) continue;
                Get(int.Parse(name.AsSpan(0, underscore), CultureInfo.InvariantCulture)).Parameters.Add(new(name[(underscore + 1)..], value));
            }
        }
        var result = new List<JsonRuleSpec>(byNumber.Values);
        foreach (var spec in result) spec.Parameters.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    private static int? RuleNumber(string name, string prefix) =>
        name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && IsNumber(name.AsSpan(prefix.Length))
            ? int.Parse(name.AsSpan(prefix.Length), CultureInfo.InvariantCulture)
            : null;

    private static bool IsNumber(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 4) return false;
        foreach (var c in text) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
