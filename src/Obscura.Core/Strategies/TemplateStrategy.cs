using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>template</c>: builds text from other columns of the same row, e.g. <c>{first_name|lower}.{last_name|lower}@example.org</c>.
/// Placeholders read the values the row will be written with (the fake names when those columns are transformed);
/// filters: lower, upper, trim, first, alnum, hash (16 hex) and hashN (keyed, equal everywhere for equal input).
/// </summary>
public sealed class TemplateStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text);

    private static readonly StrategyParameter[] Params =
    [
        new("template", ParameterKind.String,
            "Text with {column} placeholders and optional filters: {first_name|lower}, {id|hash8}. Filters: lower, upper, trim, first, alnum, hash, hashN (N = 1 to 32). {{ and }} are literal braces.")
        { Required = true },
    ];

    /// <inheritdoc />
    public override string Name => "template";
    /// <inheritdoc />
    public override string Description => "Builds text from other columns of the row as they will be written (e.g. an email from the fake names), with filters.";
    /// <inheritdoc />
    public override string Example => "{ strategy: template, template: \"{first_name|lower}.{last_name|lower}@example.org\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    /// <remarks>A repeated value gets a number: before the '@' of an email, else at the end.</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding) => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (binding.Column.EnumValues is { Count: > 0 })
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"{binding.Table}.{binding.Column.Name} is an enum; built text would not be one of its values; use 'hash' or 'fixed'");
        if (binding.Arguments.GetString("template") is not { } template) return;
        if (TemplateParser.Parse(template, out var problem) is not { } parts)
        {
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, problem!);
            return;
        }
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.Column is null || RowColumnLookup.Find(binding.RowColumns, part.Column) is not null || !reported.Add(part.Column)) continue;
            diagnostics.Error(path, DiagnosticCodes.UnknownColumn, $"'template' reads {{{part.Column}}}, but {RowColumnLookup.Missing(binding, part.Column)}");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var where = $"{binding.Table}.{binding.Column.Name}";
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'template' on {where} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var template = binding.Arguments.GetString("template") ?? throw new InvalidOperationException($"strategy 'template' on {where} needs a template");
        var parts = TemplateParser.Parse(template, out var problem) ?? throw new InvalidOperationException($"strategy 'template' on {where}: {problem}");
        // The template names columns, so it stays out of the key: {id|hash8} gives the same text in every table.
        var (first, second) = RowKeys.Derive(secret, Name, binding.Arguments, "template");
        return new TemplateTransformer(parts, first, second, binding.Column);
    }
}
