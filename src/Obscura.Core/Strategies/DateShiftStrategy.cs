using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>date_shift</c>: moves dates and timestamps by a keyed number of days between -<c>max_days</c> and
/// <c>max_days</c>, never 0. With <c>entity</c>, the offset is keyed by the original value of that column of the row
/// (e.g. the patient id), so all dates of one entity move together, in every table, and intervals between them are kept.
/// </summary>
public sealed class DateShiftStrategy : StrategyDefinition
{
    /// <summary>Default of <c>max_days</c>.</summary>
    public const int DefaultMaxDays = 365;

    /// <summary>The largest <c>max_days</c> accepted (about 274 years).</summary>
    public const int MaxMaxDays = 100_000;

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Date, TypeClass.DateTime, TypeClass.DateTimeOffset);

    private static readonly StrategyParameter[] Params =
    [
        new("max_days", ParameterKind.Integer, $"Largest shift in days, either way (0 to {MaxMaxDays}); the shift is never 0 unless this is 0.") { Default = (long)DefaultMaxDays },
        new("entity", ParameterKind.String,
            "A column of the same row whose original value keys the offset (e.g. patient_id): all dates of one entity shift by the same number of days, so intervals are kept. Without it the offset is keyed by the value's own day."),
        new("truncate", ParameterKind.Choice, "After shifting, cut to the first day of the month or year (at midnight), or keep the shifted value (none).")
        {
            Default = "none",
            Choices = ["none", "month", "year"],
        },
    ];

    /// <inheritdoc />
    public override string Name => "date_shift";
    /// <inheritdoc />
    public override string Description => "Shifts dates and timestamps by a keyed number of days (never 0); with 'entity', all dates of one entity shift together so intervals are kept.";
    /// <inheritdoc />
    public override string Example => "{ strategy: date_shift, max_days: 180, entity: patient_id }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    /// <remarks>A colliding result moves by a day (dates) or a second (timestamps); not with truncation, whose values repeat by design.</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding) =>
        binding is not null && binding.Arguments.GetString("truncate") is null or "none" && CollisionNudge.Supports(binding.Column.TypeClass);

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var maxDays = binding.Arguments.GetInt64("max_days", DefaultMaxDays);
        if (maxDays is < 0 or > MaxMaxDays)
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'max_days' must be between 0 and {MaxMaxDays}");
        if (binding.Arguments.GetString("entity") is { } entity && RowColumnLookup.Find(binding.RowColumns, entity) is null)
            diagnostics.Error(path, DiagnosticCodes.UnknownColumn, $"'entity': {RowColumnLookup.Missing(binding, entity)}");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'date_shift' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var args = binding.Arguments;
        // Only max_days shapes the offsets: the entity column's name and the truncation do not, so one entity's
        // dates shift alike in every table and column.
        var (entityPrf, dayPrf) = RowKeys.Derive(secret, Name, args, "entity", "truncate");
        var truncation = args.GetString("truncate") switch
        {
            "month" => DateShiftTruncation.Month,
            "year" => DateShiftTruncation.Year,
            _ => DateShiftTruncation.None,
        };
        return new DateShiftTransformer(entityPrf, dayPrf, (int)Math.Clamp(args.GetInt64("max_days", DefaultMaxDays), 0, MaxMaxDays),
            truncation, binding.Column.TypeClass, args.GetString("entity"));
    }
}
