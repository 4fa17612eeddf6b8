using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary><c>fixed</c>: replaces every value with one constant, converted once to the column's canonical value.</summary>
public sealed class FixedStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClassNames.All);

    private static readonly StrategyParameter[] Params =
    [
        new("value", ParameterKind.String, "The replacement, written as text; converted to the column's type (e.g. 2000-01-01 for a date).") { Required = true },
        new("keep_null", ParameterKind.Boolean, "Leave NULL values NULL (false: replace them too).") { Default = true },
    ];

    /// <inheritdoc />
    public override string Name => "fixed";
    /// <inheritdoc />
    public override string Description => "Replaces every value with one constant, converted to the column's type.";
    /// <inheritdoc />
    public override string Example => "{ strategy: fixed, value: \"Redacted\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var column = binding.Column;
        if (binding.RequiresUniqueness)
        {
            diagnostics.Error(path, DiagnosticCodes.FixedOnUnique,
                $"'fixed' would give every row of {binding.Table}.{column.Name} the same value, but the column is part of a key or unique index; use 'hash' instead");
        }
        var text = binding.Arguments.GetString("value");
        if (text is null) return;
        if (!TryConvert(text, column, out var value, out var reason))
        {
            diagnostics.Error(path, DiagnosticCodes.FixedNotConvertible,
                $"value '{text}' cannot be stored in {binding.Table}.{column.Name} ({TypeClassNames.Of(column.TypeClass)}): {reason}");
            return;
        }
        if (ColumnFit.Check(value, column) is { } misfit)
            diagnostics.Error(path, DiagnosticCodes.FixedDoesNotFit, $"value '{text}' does not fit {binding.Table}.{column.Name}: {misfit}");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var text = binding.Arguments.GetString("value") ?? throw new InvalidOperationException("strategy 'fixed' needs a value");
        if (!TryConvert(text, binding.Column, out var value, out var reason))
            throw new InvalidOperationException($"strategy 'fixed' cannot convert its value for {binding.Table}.{binding.Column.Name}: {reason}");
        return new ConstantTransformer(value, binding.Arguments.GetBoolean("keep_null", fallback: true));
    }

    private static bool TryConvert(string text, Column column, out object? value, out string? reason)
    {
        try
        {
            value = ValueCoercion.ToCanonical(text, column.TypeClass);
            if (column.TypeClass == TypeClass.Json)
            {
                using var _ = JsonDocument.Parse(text);
            }
            reason = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException or JsonException)
        {
            value = null;
            reason = e is JsonException ? "it is not valid JSON" : e is OverflowException ? "it is out of range" : $"it is not a valid {TypeClassNames.Of(column.TypeClass)}";
            return false;
        }
    }
}
