using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>when</c>: applies an inner strategy only to rows whose original value in another column passes a test
/// (<c>equals</c>, <c>not_equals</c>, <c>in</c>, <c>matches</c> or <c>is_null</c>), and optionally another strategy
/// to the rest (default: keep the value). Inner parameters are flat, prefixed with <c>then_</c> / <c>else_</c>:
/// <c>{ strategy: when, column: country, equals: IN, then: mask, then_keep_last: 4 }</c>.
/// </summary>
public sealed class WhenStrategy : StrategyDefinition, IDynamicParameters
{
    private const string ThenPrefix = "then_";
    private const string ElsePrefix = "else_";

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClassNames.All);

    private static readonly string[] Predicates = ["equals", "not_equals", "in", "matches", "is_null"];

    private static readonly StrategyParameter[] Params =
    [
        new("column", ParameterKind.String, "The column of the same row whose original value is tested.") { Required = true },
        new("equals", ParameterKind.String, "Apply 'then' when the value's text equals this (case-sensitive; numbers as 12.5, booleans as true/false, dates as yyyy-MM-dd)."),
        new("not_equals", ParameterKind.String, "Apply 'then' when the value's text differs from this (NULL counts as different)."),
        new("in", ParameterKind.String, "Apply 'then' when the value's text is one of this comma-separated list."),
        new("matches", ParameterKind.String, "Apply 'then' when this .NET regular expression finds a match in the value's text."),
        new("is_null", ParameterKind.Boolean, "Apply 'then' when the value is NULL (true) or is not NULL (false)."),
        new("then", ParameterKind.String, "The strategy for rows that pass the test; its parameters are written then_<parameter>.") { Required = true },
        new("else", ParameterKind.String, "The strategy for the other rows (parameters else_<parameter>); without it they keep their value."),
    ];

    private static readonly StrategyParameter[] Dynamic =
    [
        new("then_<parameter>", ParameterKind.String, "A parameter of the 'then' strategy, e.g. then_keep_last: 4."),
        new("else_<parameter>", ParameterKind.String, "A parameter of the 'else' strategy."),
    ];

    private readonly Func<string, StrategyDefinition?> _resolve;
    private readonly ConcurrentDictionary<string, Regex> _compiled = new(StringComparer.Ordinal);

    /// <summary>Creates the strategy.</summary>
    /// <param name="resolve">Finds inner strategies by name (the registry's lookup); null when unknown.</param>
    public WhenStrategy(Func<string, StrategyDefinition?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _resolve = resolve;
    }

    /// <inheritdoc />
    public override string Name => "when";
    /// <inheritdoc />
    public override string Description => "Applies an inner strategy only to rows whose original value in another column passes a test; the others keep their value or get an 'else' strategy.";
    /// <inheritdoc />
    public override string Example => "{ strategy: when, column: country, equals: IN, then: mask, then_keep_last: 4 }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;

    /// <inheritdoc />
    /// <remarks>The branch that produced the value retries; rows that keep their value cannot, and fail with a clear error on a collision.</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding) => true;
    /// <inheritdoc />
    public IReadOnlyList<StrategyParameter> DynamicParameters => Dynamic;

    /// <summary>True when the <c>then</c> or <c>else</c> strategy needs the run secret with its parameters.</summary>
    public override bool NeedsSecretFor(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var (branch, prefix) in (ReadOnlySpan<(string, string)>)[("then", ThenPrefix), ("else", ElsePrefix)])
        {
            if (arguments.GetString(branch) is { } name && !IsKeep(name) && RowNestedStrategy.NeedsSecret(_resolve, name, Prefixed(arguments, prefix)))
                return true;
        }
        return false;
    }

    /// <inheritdoc />
    public StrategyParameter? FindDynamicParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > ThenPrefix.Length && name.StartsWith(ThenPrefix, StringComparison.Ordinal)) return Dynamic[0] with { Name = name };
        if (name.Length > ElsePrefix.Length && name.StartsWith(ElsePrefix, StringComparison.Ordinal)) return Dynamic[1] with { Name = name };
        return null;
    }

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var args = binding.Arguments;
        if (args.GetString("column") is { } column && RowColumnLookup.Find(binding.RowColumns, column) is null)
            diagnostics.Error(path, DiagnosticCodes.UnknownColumn, $"'column': {RowColumnLookup.Missing(binding, column)}");

        var given = new List<string>();
        foreach (var p in Predicates) if (args.Has(p)) given.Add(p);
        if (given.Count != 1)
        {
            diagnostics.Error(path, given.Count == 0 ? DiagnosticCodes.MissingParameter : DiagnosticCodes.InvalidParameter,
                given.Count == 0
                    ? "strategy 'when' needs one test: equals, not_equals, in, matches or is_null"
                    : $"strategy 'when' takes one test, not {string.Join(" and ", given)}");
        }
        if (args.GetString("matches") is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexStrategy.MatchTimeout);
            }
            catch (ArgumentException e)
            {
                diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"'matches' is not a valid regular expression: {e.Message}");
            }
        }
        if (args.GetString("in") is { } list && WhenPredicate.SplitList(list).Count == 0)
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'in' must list at least one value (comma-separated)");

        ValidateBranch(binding, "then", ThenPrefix, path, diagnostics);
        ValidateBranch(binding, "else", ElsePrefix, path, diagnostics);
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var args = binding.Arguments;
        var where = $"{binding.Table}.{binding.Column.Name}";
        var column = args.GetString("column") ?? throw new InvalidOperationException($"strategy 'when' on {where} needs 'column'");
        WhenPredicate predicate;
        if (args.GetString("equals") is { } equals) predicate = new WhenPredicate(WhenPredicateKind.EqualTo, equals, null, where);
        else if (args.GetString("not_equals") is { } notEquals) predicate = new WhenPredicate(WhenPredicateKind.NotEqualTo, notEquals, null, where);
        else if (args.GetString("in") is { } list) predicate = new WhenPredicate(WhenPredicateKind.In, list, null, where);
        else if (args.GetString("matches") is { } pattern)
        {
            var regex = _compiled.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexStrategy.MatchTimeout));
            predicate = new WhenPredicate(WhenPredicateKind.Matches, pattern, regex, where);
        }
        else if (args.Has("is_null")) predicate = new WhenPredicate(args.GetBoolean("is_null") ? WhenPredicateKind.IsNull : WhenPredicateKind.IsNotNull, "", null, where);
        else throw new InvalidOperationException($"strategy 'when' on {where} needs a test (validate the binding first)");

        return new WhenTransformer(column, predicate, CreateBranch(binding, "then", ThenPrefix), CreateBranch(binding, "else", ElsePrefix));
    }

    private void ValidateBranch(StrategyBinding binding, string branch, string prefix, string path, DiagnosticBag diagnostics)
    {
        var parameters = Prefixed(binding.Arguments, prefix);
        var name = binding.Arguments.GetString(branch);
        var branchPath = $"{path}.{branch}";
        if (name is null || IsKeep(name))
        {
            if (parameters.Count > 0)
            {
                diagnostics.Error(branchPath, DiagnosticCodes.UnknownParameter, name is null
                    ? $"'{prefix}{parameters[0].Key}' is given, but there is no '{branch}' strategy"
                    : $"'{RowNestedStrategy.Keep}' takes no parameters, so '{prefix}{parameters[0].Key}' is unknown");
            }
            return;
        }
        RowNestedStrategy.Bind(_resolve, name, binding, binding.Column, parameters, branchPath, prefix, diagnostics, out _);
    }

    private IColumnTransformer? CreateBranch(StrategyBinding binding, string branch, string prefix)
    {
        var name = binding.Arguments.GetString(branch);
        if (name is null || IsKeep(name)) return null;
        var (definition, inner) = RowNestedStrategy.BindOrThrow(_resolve, name, binding, binding.Column, Prefixed(binding.Arguments, prefix), prefix);
        return definition.Create(inner);
    }

    private bool IsKeep(string name) => name == RowNestedStrategy.Keep && _resolve(name) is null;

    // The inner parameters of one branch, without their prefix, in name order.
    private static List<KeyValuePair<string, object?>> Prefixed(StrategyArguments arguments, string prefix)
    {
        var result = new List<KeyValuePair<string, object?>>();
        foreach (var (name, value) in arguments.Values)
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)) result.Add(new(name[prefix.Length..], value));
        result.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }
}
