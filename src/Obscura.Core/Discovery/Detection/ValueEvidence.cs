using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// What a column's sampled values show: how many values carry each <see cref="ValueSignal"/>, embedded kinds in free
/// text, and the spread of dates. Holds counts only, never a value, so it can be logged and reported safely.
/// </summary>
public sealed class ValueEvidence
{
    private readonly int[] _counts = new int[Enum.GetValues<ValueSignal>().Length];
    private readonly HashSet<ColumnKind> _jsonKeyKinds = [];

    private ValueEvidence() { }

    /// <summary>Evidence of a column that had no values to look at.</summary>
    public static ValueEvidence Empty { get; } = new();

    /// <summary>Non-null, non-empty values examined.</summary>
    public int Values { get; private set; }

    /// <summary>Distinct values among them (exact within the sample).</summary>
    public int Distinct { get; private set; }

    /// <summary>Mean length in characters of text values.</summary>
    public double AverageLength { get; private set; }

    /// <summary>Longest text value in characters.</summary>
    public int MaxLength { get; private set; }

    /// <summary>Kinds the <see cref="PiiScanner"/> found inside text values.</summary>
    public PiiKinds EmbeddedKinds { get; private set; }

    /// <summary>Kinds named by keys of JSON documents (<c>"email":</c>, <c>"phone":</c>).</summary>
    public IReadOnlySet<ColumnKind> JsonKeyKinds => _jsonKeyKinds;

    /// <summary>The 10th and 90th percentile years of the dates, or null without dates.</summary>
    public (int Low, int High)? YearSpread { get; private set; }

    /// <summary>Values that showed <paramref name="signal"/>.</summary>
    public int Count(ValueSignal signal) => _counts[(int)signal];

    /// <summary>Share of the examined values that showed <paramref name="signal"/> (0 when none were examined).</summary>
    public double Ratio(ValueSignal signal) => Values == 0 ? 0 : (double)_counts[(int)signal] / Values;

    /// <summary>
    /// Examines sampled values of one column. <paramref name="today"/> is the date ages are counted at (dates of birth).
    /// Values may be canonical (<see cref="ValueCoercion"/>) or driver values; anything else is read as text.
    /// </summary>
    public static ValueEvidence Collect(TypeClass typeClass, IEnumerable<object?> values, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(values);
        var e = new ValueEvidence();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var years = new List<int>();
        long totalLength = 0;
        var textValues = 0;
        foreach (var raw in values)
        {
            if (raw is null or DBNull) continue;
            switch (raw)
            {
                case byte[] bytes:
                    if (bytes.Length == 0) continue;
                    e.Values++;
                    e.Add(ValueSignal.Binary);
                    if (ValueChecks.IsImage(bytes)) e.Add(ValueSignal.Image);
                    distinct.Add(Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 32)) + ":" + bytes.Length.ToString(CultureInfo.InvariantCulture));
                    continue;
                case DateOnly d:
                    e.Values++;
                    e.AddDate(d, today, years);
                    distinct.Add(d.DayNumber.ToString(CultureInfo.InvariantCulture));
                    continue;
                case DateTime dt:
                    e.Values++;
                    e.AddDate(DateOnly.FromDateTime(dt), today, years);
                    distinct.Add(dt.Ticks.ToString(CultureInfo.InvariantCulture));
                    continue;
                case DateTimeOffset dto:
                    e.Values++;
                    e.AddDate(DateOnly.FromDateTime(dto.UtcDateTime), today, years);
                    distinct.Add(dto.UtcTicks.ToString(CultureInfo.InvariantCulture));
                    continue;
                case bool or TimeSpan or TimeOnly or Guid:
                    e.Values++;
                    distinct.Add(ValueCoercion.ToText(raw));
                    continue;
                case long or int or short or sbyte or byte or ulong or uint or ushort or decimal or double or float:
                    e.Values++;
                    e.AddNumber(raw);
                    distinct.Add(ValueCoercion.ToText(raw));
                    continue;
            }
            var text = (raw as string ?? ValueCoercion.ToText(raw)).AsSpan().Trim();
            if (text.Length == 0) continue;
            e.Values++;
            textValues++;
            totalLength += text.Length;
            e.MaxLength = Math.Max(e.MaxLength, text.Length);
            if (distinct.Count < 100_000) distinct.Add(text.ToString());
            e.AddText(text, typeClass, today, years);
        }
        e.Distinct = distinct.Count;
        e.AverageLength = textValues == 0 ? 0 : (double)totalLength / textValues;
        if (years.Count > 0)
        {
            years.Sort();
            e.YearSpread = (years[years.Count / 10], years[Math.Min(years.Count - 1, years.Count * 9 / 10)]);
        }
        return e;
    }

    private void Add(ValueSignal signal) => _counts[(int)signal]++;

    private void AddDate(DateOnly date, DateOnly today, List<int> years)
    {
        Add(ValueSignal.Date);
        years.Add(date.Year);
        if (date > today) return;
        var age = today.Year - date.Year - (today.DayOfYear < date.DayOfYear ? 1 : 0);
        if (age is >= 0 and <= 110) Add(ValueSignal.BirthDate);
    }

    private void AddNumber(object number)
    {
        double x;
        try
        {
            x = Convert.ToDouble(number, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return;
        }
        if (Math.Abs(x) >= 100_000 && Math.Abs(x - Math.Round(x)) < 1e-9)
        {
            Add(ValueSignal.LongDigits);
            Add(ValueSignal.IdLike);
        }
        var decimals = ValueChecks.CoordinateDecimals(x);
        if (decimals >= 2)
        {
            if (Math.Abs(x) <= 90) Add(ValueSignal.Latitude);
            if (Math.Abs(x) <= 180) Add(ValueSignal.Longitude);
        }
        // A phone or Aadhaar number kept in a numeric column.
        if (x is >= 1_000_000 and < 1e15 && Math.Abs(x - Math.Round(x)) < 1e-9)
        {
            var digits = ((long)x).ToString(CultureInfo.InvariantCulture);
            if (digits.Length is >= 7 and <= 15) Add(ValueSignal.PhoneShape);
            if (ValueChecks.LooksLikeAadhaar(digits, out var valid))
            {
                Add(ValueSignal.AadhaarShape);
                if (valid) Add(ValueSignal.AadhaarValid);
            }
            if (ValueChecks.IsCard(digits)) Add(ValueSignal.Card);
        }
    }

    private void AddText(ReadOnlySpan<char> text, TypeClass typeClass, DateOnly today, List<int> years)
    {
        if (ValueChecks.IsEmail(text)) Add(ValueSignal.Email);
        var phoneShape = ValueChecks.LooksLikePhone(text);
        if (phoneShape) Add(ValueSignal.PhoneShape);
        if ((phoneShape || text[0] == '+') && ValueChecks.IsPhone(text)) Add(ValueSignal.Phone);
        var digits = ValueChecks.CountDigits(text);
        if (digits >= 6 && digits >= text.Length - 4)
        {
            if (ValueChecks.IsCard(text)) Add(ValueSignal.Card);
            if (ValueChecks.IsSsn(text, out var dashed)) Add(dashed ? ValueSignal.SsnDashed : ValueSignal.SsnPlain);
            if (ValueChecks.LooksLikeAadhaar(text, out var valid))
            {
                Add(ValueSignal.AadhaarShape);
                if (valid) Add(ValueSignal.AadhaarValid);
            }
            if (digits == text.Length) Add(ValueSignal.LongDigits);
        }
        if (digits >= 3 && text.Length is >= 5 and <= 20 && text.IndexOfAnyExcept(ValueChecks.IdChars) < 0)
            Add(ValueSignal.IdLike);
        if (ValueChecks.IsIban(text)) Add(ValueSignal.Iban);
        if (ValueChecks.IsPan(text)) Add(ValueSignal.Pan);
        if (ValueChecks.LooksLikePassport(text)) Add(ValueSignal.PassportShape);
        if (ValueChecks.IsIpv4(text)) Add(ValueSignal.Ipv4);
        else if (ValueChecks.IsIpv6(text)) Add(ValueSignal.Ipv6);
        if (ValueChecks.IsMac(text)) Add(ValueSignal.Mac);
        if (ValueChecks.IsUrl(text)) Add(ValueSignal.Url);
        if (ValueChecks.IsGeoPair(text)) Add(ValueSignal.GeoPair);
        if (ValueChecks.TryCoordinate(text, out var coordinate, out var decimals) && decimals >= 2)
        {
            if (Math.Abs(coordinate) <= 90) Add(ValueSignal.Latitude);
            if (Math.Abs(coordinate) <= 180) Add(ValueSignal.Longitude);
        }
        if (ValueChecks.TryParseDate(text, out var date)) AddDate(date, today, years);
        if (ValueChecks.LooksLikePostalCode(text)) Add(ValueSignal.PostalCode);
        if (ValueChecks.LooksLikeUsername(text)) Add(ValueSignal.UsernameShape);
        if (ValueChecks.LooksLikePasswordHash(text)) Add(ValueSignal.PasswordHash);
        if (ValueChecks.LooksLikeStreetAddress(text, out var streetWord))
        {
            Add(ValueSignal.AddressShape);
            if (streetWord) Add(ValueSignal.StreetAddress);
        }

        var name = ValueChecks.AnalyzeName(text);
        if (name.IsShaped)
        {
            Add(ValueSignal.NameShape);
            if (name.IsKnown) Add(ValueSignal.NameKnown);
            if (name.Words == 1 && name.HasGiven) Add(ValueSignal.GivenName);
            if (name.Words == 1 && name.HasFamily) Add(ValueSignal.FamilyName);
            if (name.IsFullName) Add(ValueSignal.FullName);
            if (name.Indian) Add(ValueSignal.IndianName);
        }

        var words = text.Count(' ') + 1;
        var prose = text.Length > 40 || words >= 5;
        if (prose) Add(ValueSignal.Prose);
        var json = typeClass == TypeClass.Json || (text.Length > 2 && text[0] is '{' or '[');
        if (prose || json)
        {
            var found = false;
            foreach (var span in PiiScanner.Default.EnumerateSpans(text))
            {
                found = true;
                EmbeddedKinds |= PiiKindNames.ToSet(span.Kind);
            }
            if (found) Add(ValueSignal.EmbeddedPii);
            if (!json && words >= 5 && ValueChecks.ContainsGivenName(text)) Add(ValueSignal.EmbeddedName);
        }
        if (json && AddJsonKeys(text)) Add(ValueSignal.JsonPiiKey);
    }

    /// <summary>Reads the keys of a JSON document (<c>"key":</c>) and notes those whose words name personal data.</summary>
    private bool AddJsonKeys(ReadOnlySpan<char> json)
    {
        var any = false;
        var i = 0;
        while (i < json.Length)
        {
            var open = json[i..].IndexOf('"');
            if (open < 0) break;
            var start = i + open + 1;
            var close = json[start..].IndexOf('"');
            if (close < 0) break;
            var end = start + close;
            var after = end + 1;
            while (after < json.Length && json[after] == ' ') after++;
            if (after < json.Length && json[after] == ':' && close is > 0 and < 64)
            {
                foreach (var evidence in NameRules.Match(IdentifierTokenizer.Tokenize(json[start..end].ToString()), TableRole.Person))
                {
                    if (evidence.Score < 0.8) continue;
                    _jsonKeyKinds.Add(evidence.Kind);
                    any = true;
                }
            }
            i = end + 1;
        }
        return any;
    }
}
