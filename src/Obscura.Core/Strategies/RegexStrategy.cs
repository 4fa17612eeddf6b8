using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>regex</c>: replaces the parts of text that match a .NET regular expression and keeps the rest. The replacement
/// may use groups (<c>$1</c>, <c>${name}</c>), <c>{hash}</c> / <c>{hash:N}</c> (keyed hex hash of the match) and
/// <c>{digits}</c> (keyed digits, as many as the match has characters). Patterns are compiled once per process.
/// </summary>
public sealed class RegexStrategy : StrategyDefinition
{
    /// <summary>How long one value may take to match before the run stops.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text);

    private static readonly StrategyParameter[] Params =
    [
        new("pattern", ParameterKind.String, ".NET regular expression; every match is replaced.") { Required = true },
        new("replacement", ParameterKind.String,
            "What each match becomes: text with $1 / ${name} groups, {hash} or {hash:N} (keyed hex hash of the match, 16 or N characters), {digits} (keyed digits, one per character of the match), {{ for a literal brace.")
        { Default = "{hash}" },
        new("ignore_case", ParameterKind.Boolean, "Match without regard to case.") { Default = false },
    ];

    private readonly ConcurrentDictionary<(string Pattern, bool IgnoreCase), Regex> _compiled = new();

    /// <inheritdoc />
    public override string Name => "regex";
    /// <inheritdoc />
    public override string Description => "Replaces the parts of text matching a regular expression (groups, keyed hash or keyed digits), keeping the rest.";
    /// <inheritdoc />
    public override string Example => "{ strategy: regex, pattern: \"(\\\\d{3})\\\\d{4}\", replacement: \"$1{digits}\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var args = binding.Arguments;
        if (binding.Column.EnumValues is { Count: > 0 })
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"{binding.Table}.{binding.Column.Name} is an enum; replaced text would not be one of its values; use 'hash' or 'fixed'");
        if (args.GetString("pattern") is not { } pattern) return;
        Regex regex;
        try
        {
            regex = new Regex(pattern, Options(args.GetBoolean("ignore_case")), MatchTimeout);
        }
        catch (ArgumentException e)
        {
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"'pattern' is not a valid regular expression: {e.Message}");
            return;
        }
        if (RegexReplacement.Parse(args.GetString("replacement") ?? "{hash}", regex, out var problem) is null)
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, problem!);
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var where = $"{binding.Table}.{binding.Column.Name}";
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'regex' on {where} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var args = binding.Arguments;
        var pattern = args.GetString("pattern") ?? throw new InvalidOperationException($"strategy 'regex' on {where} needs a pattern");
        var ignoreCase = args.GetBoolean("ignore_case");
        var regex = _compiled.GetOrAdd((pattern, ignoreCase), static key => new Regex(key.Pattern, Options(key.IgnoreCase) | RegexOptions.Compiled, MatchTimeout));
        var parts = RegexReplacement.Parse(args.GetString("replacement") ?? "{hash}", regex, out var problem)
            ?? throw new InvalidOperationException($"strategy 'regex' on {where}: {problem}");
        var (first, second) = RowKeys.Derive(secret, Name, args);
        return new RegexTransformer(regex, parts, first, second, binding.Column, where);
    }

    private static RegexOptions Options(bool ignoreCase) =>
        RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
}
