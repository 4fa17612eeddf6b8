using Obscura.Core.Schema;

namespace Obscura.Core.Strategies;

/// <summary>
/// Moves a colliding number, date or time to a neighbouring value of the column's type: attempt 1 is +1 unit,
/// attempt 2 is -1, attempt 3 is +2, ... (a day for dates, a second for timestamps and times, one step of the
/// column's scale for decimals, one representable step for floats). Used for strategies whose outputs are values on
/// a line (noise, date_shift, hash of dates) and that do not implement <see cref="ICollisionRetry"/>.
/// </summary>
public static class CollisionNudge
{
    /// <summary>True when outputs of this type class can be nudged.</summary>
    public static bool Supports(TypeClass type) => type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float
        or TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time;

    /// <summary>The nudged value, or null when it would leave the column's range (the caller then tries the next attempt).</summary>
    public static object? Nudge(object? produced, int attempt, Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (produced is null || attempt < 1) return null;
        long delta = (attempt + 1) / 2;
        if (attempt % 2 == 0) delta = -delta;
        try
        {
            return produced switch
            {
                long l => NudgeInteger(l, delta, column),
                decimal d => NudgeDecimal(d, delta, column),
                double f => column.Precision is <= 24 ? (double)NudgeSingle((float)f, delta) : NudgeFloat(f, delta),
                DateOnly day => day.AddDays((int)delta),
                DateTime t => t.AddSeconds(delta),
                DateTimeOffset o => o.AddSeconds(delta),
                TimeSpan s => TimeSpan.FromTicks(((s.Ticks + delta * TimeSpan.TicksPerSecond) % TimeSpan.TicksPerDay + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay),
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static object? NudgeInteger(long value, long delta, Column column)
    {
        var next = checked(value + delta);
        var bits = column.IntegerBits ?? 64;
        if (column.IsUnsigned)
        {
            if (next < 0) return null;
            if (bits < 64 && next > (long)((1UL << bits) - 1)) return null;
            return next;
        }
        if (bits < 64)
        {
            var max = (1L << (bits - 1)) - 1;
            if (next > max || next < -max - 1) return null;
        }
        return next;
    }

    private static object? NudgeDecimal(decimal value, long delta, Column column)
    {
        var scale = column.Scale ?? 0;
        var step = 1m;
        for (var i = 0; i < scale && i < 28; i++) step /= 10m;
        var next = value + delta * step;
        if (column.Precision is { } precision and <= 28)
        {
            var limit = 1m;
            for (var i = 0; i < precision - scale; i++) limit *= 10m;
            if (Math.Abs(next) >= limit) return null;
        }
        return next;
    }

    private static float NudgeSingle(float value, long delta)
    {
        var next = value;
        for (var i = 0L; i < Math.Abs(delta); i++) next = delta > 0 ? MathF.BitIncrement(next) : MathF.BitDecrement(next);
        return next;
    }

    private static double NudgeFloat(double value, long delta)
    {
        var next = value;
        for (var i = 0L; i < Math.Abs(delta); i++) next = delta > 0 ? Math.BitIncrement(next) : Math.BitDecrement(next);
        return next;
    }
}
