using System.Globalization;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>date_of_birth</c>: a date whose age on <c>as_of</c> is between <c>min_age</c> and <c>max_age</c> (inclusive),
/// uniform over that span, seeded by the keyed hash of the input. Writes dates, timestamps at midnight (UTC for
/// instants) or <c>yyyy-MM-dd</c> text. Never reads the clock.
/// </summary>
internal sealed class FakerDateTransformer : IColumnTransformer
{
    private readonly SipHash _seed;
    private readonly FakerTarget _target;
    private readonly int _earliest;
    private readonly int _days;
    private byte[] _buffer = new byte[64];

    public FakerDateTransformer(SipHash seed, FakerTarget target, DateOnly asOf, int minAge, int maxAge)
    {
        _seed = seed;
        _target = target;
        (var earliest, var latest) = Range(asOf, minAge, maxAge);
        _earliest = earliest.DayNumber;
        _days = latest.DayNumber - earliest.DayNumber + 1;
    }

    /// <summary>First and last birth date whose age on <paramref name="asOf"/> is within [min, max].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range leaves the calendar (year 1 to 9999).</exception>
    public static (DateOnly Earliest, DateOnly Latest) Range(DateOnly asOf, int minAge, int maxAge) =>
        (asOf.AddYears(-(maxAge + 1)).AddDays(1), asOf.AddYears(-minAge));

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null or DBNull) return value;
        var text = FakerText.Canonical(value);
        if (text.Length == 0 && _target.TypeClass == TypeClass.Text) return text;
        var random = new FakerRandom(_seed.Compute(Encode(text)));
        var date = DateOnly.FromDayNumber(_earliest + random.Next(_days));
        return _target.TypeClass switch
        {
            TypeClass.Date => date,
            TypeClass.DateTime => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
            TypeClass.DateTimeOffset => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            _ => FakerText.Fit(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _target.MaxLength),
        };
    }

    private ReadOnlySpan<byte> Encode(string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        return _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
    }
}
