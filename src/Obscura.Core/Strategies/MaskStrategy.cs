using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>mask</c>: replaces letters and digits with a mask character, optionally keeping the first and last
/// characters and the separators. Not keyed; the output has the same number of characters as the input.
/// </summary>
public sealed class MaskStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text);

    private static readonly StrategyParameter[] Params =
    [
        new("keep_first", ParameterKind.Integer, "How many leading characters stay as they are.") { Default = 0L },
        new("keep_last", ParameterKind.Integer, "How many trailing characters stay as they are.") { Default = 0L },
        new("char", ParameterKind.String, "The mask character (exactly one character).") { Default = "*" },
        new("keep_separators", ParameterKind.Boolean, "Leave spaces, punctuation and symbols (-, /, @, ...) as they are; false masks them too.") { Default = true },
        new("digits", ParameterKind.Choice, "What happens to digits: mask (become the mask character), keep_class (become 0, so digit-only formats stay valid), keep (stay as they are).")
        {
            Default = "mask",
            Choices = ["mask", "keep_class", "keep"],
        },
    ];

    /// <inheritdoc />
    public override string Name => "mask";
    /// <inheritdoc />
    public override string Description => "Replaces letters and digits with a mask character, optionally keeping the first/last characters and separators.";
    /// <inheritdoc />
    public override string Example => "{ strategy: mask, keep_last: 4 }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var args = binding.Arguments;
        foreach (var name in (ReadOnlySpan<string>)["keep_first", "keep_last"])
        {
            var n = args.GetInt64(name);
            if (n is < 0 or > int.MaxValue) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'{name}' must be 0 or more");
        }
        var mask = args.GetString("char") ?? "*";
        if (!IsOneCharacter(mask)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'char' must be exactly one character");
        var column = binding.Column;
        if (column.EnumValues is { Count: > 0 })
        {
            diagnostics.Error(path, DiagnosticCodes.MaskOnEnum,
                $"{binding.Table}.{column.Name} is an enum; masked text would not be one of its values; use 'hash' (picks a value) or 'fixed'");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var args = binding.Arguments;
        var digits = args.GetString("digits") switch
        {
            "keep" => MaskDigits.Keep,
            "keep_class" => MaskDigits.KeepClass,
            _ => MaskDigits.Mask,
        };
        return new MaskTransformer(
            (int)Math.Clamp(args.GetInt64("keep_first"), 0, int.MaxValue),
            (int)Math.Clamp(args.GetInt64("keep_last"), 0, int.MaxValue),
            args.GetString("char") ?? "*",
            args.GetBoolean("keep_separators", fallback: true),
            digits);
    }

    private static bool IsOneCharacter(string s) =>
        Rune.DecodeFromUtf16(s, out _, out var used) == System.Buffers.OperationStatus.Done && used == s.Length;
}
