using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>
/// <c>suppress_rare</c>: keeps values that occur in at least <c>k</c> rows of the source column and replaces every
/// rarer value with a placeholder, so no kept value singles out fewer than <c>k</c> rows. The frequent values are
/// counted by the source database (GROUP BY … HAVING COUNT(*) &gt;= k) before anything is written; at most N/k of them
/// exist for a column of N rows, which bounds the memory by construction. NULL stays NULL. Not keyed.
/// </summary>
public sealed class SuppressRareStrategy : StrategyDefinition, IColumnPreparation
{
    /// <summary>Default minimum number of rows a value needs to be kept.</summary>
    public const int DefaultK = 5;

    /// <summary>Default placeholder of text columns.</summary>
    public const string DefaultTextPlaceholder = "*";

    private static readonly IReadOnlySet<TypeClass> Types = new HashSet<TypeClass>
    {
        TypeClass.Text, TypeClass.Integer, TypeClass.Decimal, TypeClass.Float, TypeClass.Boolean, TypeClass.Date,
        TypeClass.DateTime, TypeClass.DateTimeOffset, TypeClass.Time, TypeClass.Uuid,
    };

    private static readonly StrategyParameter[] Params =
    [
        new("k", ParameterKind.Integer, "A value is kept only when at least k rows of the source column hold it (k >= 2).") { Default = (long)DefaultK },
        new("placeholder", ParameterKind.String,
            "What rare values become: default '*' for text; for other types NULL when the column is nullable, otherwise give a value of the column's type."),
    ];

    /// <inheritdoc />
    public override string Name => "suppress_rare";
    /// <inheritdoc />
    public override string Description => "Keeps values held by at least k rows and replaces rarer ones with a placeholder (frequencies counted in the source first).";
    /// <inheritdoc />
    public override string Example => "{ strategy: suppress_rare, k: 10 }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var k = binding.Arguments.GetInt64("k", DefaultK);
        if (k < 2)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'k' must be at least 2");
            return;
        }
        var column = binding.Column;
        var where = $"{binding.Table}.{column.Name}";
        var text = binding.Arguments.GetString("placeholder");
        if (text is null)
        {
            if (column.TypeClass != TypeClass.Text && !column.IsNullable)
            {
                diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                    $"{where} is NOT NULL and not text: give a 'placeholder' of the column's type for rare values");
            }
            else if (column.TypeClass == TypeClass.Text && column.MaxLength is 0)
            {
                diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} cannot hold the placeholder");
            }
            return;
        }
        if (!TryPlaceholder(column, text, out _))
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                $"the 'placeholder' of {where} does not convert to the column's type or does not fit it");
        }
        if (binding.RequiresUniqueness)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                $"{where} is unique or a key: suppress_rare would give several rows the same placeholder");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        throw new ObscuraConfigException($"strategy 'suppress_rare' on {binding.Table}.{binding.Column.Name} needs the source column: it runs only in copy");
    }

    /// <inheritdoc />
    public async Task<IPreparedColumn> PrepareAsync(StrategyBinding binding, IColumnSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(source);
        var k = Math.Max(2, binding.Arguments.GetInt64("k", DefaultK));
        var placeholder = Placeholder(binding);
        var frequent = new HashSet<object>();
        await foreach (var (value, _) in source.ValueCountsAsync(k, cancellationToken).ConfigureAwait(false))
        {
            if (value is not null) frequent.Add(value);
        }
        return new SuppressRarePrepared(frequent, placeholder);
    }

    /// <summary>The canonical placeholder of a binding (null: rare values become NULL).</summary>
    internal static object? Placeholder(StrategyBinding binding)
    {
        var column = binding.Column;
        var text = binding.Arguments.GetString("placeholder");
        if (text is null)
        {
            if (column.TypeClass != TypeClass.Text) return null;
            return column.MaxLength is { } max && max < DefaultTextPlaceholder.Length ? string.Empty : DefaultTextPlaceholder;
        }
        return TryPlaceholder(column, text, out var value)
            ? value
            : throw new ObscuraConfigException($"the 'placeholder' of {binding.Table}.{column.Name} does not convert to the column's type");
    }

    private static bool TryPlaceholder(Column column, string text, out object? value)
    {
        value = null;
        try
        {
            value = ValueCoercion.ToCanonical(text, column.TypeClass);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            return false;
        }
        return column.TypeClass != TypeClass.Text || column.MaxLength is not { } max || text.Length <= max;
    }
}
