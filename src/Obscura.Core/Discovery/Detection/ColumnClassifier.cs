using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Decides whether a column holds personal data, and which kind, from its name (and comment), its table's role, its
/// type and the <see cref="ValueEvidence"/> of a sample. Scores are 0..1:
/// <list type="bullet">
/// <item>a name rule gives a prior (<see cref="NameRules"/>);</item>
/// <item>values that contradict it (fewer than 20% even shaped like the kind, out of five or more) cut it to a third;</item>
/// <item>otherwise the prior, raised by the share of shaped values, and the share of values passing a real validator
/// combine as independent evidence: <c>1 - (1 - prior') (1 - weight × validated)</c>;</item>
/// <item>without a name rule, only validators strong enough to stand alone count (emails, cards, IBANs, Aadhaar,
/// IPs...), weighted by their share.</item>
/// </list>
/// A column is personal data when the best kind reaches <see cref="Threshold"/>. Pure; thread-safe.
/// </summary>
public static class ColumnClassifier
{
    /// <summary>The confidence from which a column is reported as personal data.</summary>
    public const double Threshold = 0.5;

    /// <summary>Fewer values than this cannot contradict a name.</summary>
    private const int MinValues = 5;

    /// <summary>Classifies one column.</summary>
    public static ColumnClassification Classify(ColumnContext context, ValueEvidence values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        var column = context.Column;
        if (column.TypeClass is TypeClass.Boolean or TypeClass.Time or TypeClass.Uuid)
            return new ColumnClassification(null, 0, $"type {TypeClassName(column.TypeClass)}");

        var tableWords = IdentifierTokenizer.Tokenize(context.TableName);
        var role = TableRoles.Classify(tableWords);
        // A cryptic table name (t_0042) may have a comment that says what its rows are ("customer master").
        if (role == TableRole.Other && !string.IsNullOrWhiteSpace(context.TableComment))
        {
            var commentWords = IdentifierTokenizer.Tokenize(context.TableComment);
            if (commentWords.Count <= 30) role = TableRoles.Classify(commentWords);
        }
        var words = IdentifierTokenizer.Tokenize(column.Name);
        var names = new Dictionary<ColumnKind, NameEvidence>();
        foreach (var e in NameRules.Match(words, role)) Keep(names, e);
        if (!string.IsNullOrWhiteSpace(column.Comment))
        {
            var commentWords = IdentifierTokenizer.Tokenize(column.Comment);
            if (commentWords.Count <= 30) foreach (var e in NameRules.Match(commentWords, role, fromComment: true)) Keep(names, e);
        }

        var candidates = new List<Candidate>();
        foreach (var kind in ColumnKinds.All)
        {
            if (kind == ColumnKind.FreeText || !Accepts(kind, column.TypeClass)) continue;
            names.TryGetValue(kind, out var name);
            var c = Score(kind, name.Score > 0 ? name : null, values, context, role, words);
            if (c is not null) candidates.Add(c);
        }
        if (FreeText(column, values, role, words) is { } text) candidates.Add(text);

        var best = candidates.Count == 0 ? null : candidates.MaxBy(c => c.Confidence);
        var indian = values.Count(ValueSignal.NameKnown) >= 3 && values.Count(ValueSignal.IndianName) * 2 >= values.Count(ValueSignal.NameKnown)
                     || values.Ratio(ValueSignal.AadhaarShape) > 0.5 || values.Ratio(ValueSignal.Pan) > 0.5;
        if (best is null || best.Confidence < Threshold)
        {
            var why = best is null ? NothingEvidence(names, values, column) : $"below threshold: {best.Evidence}";
            return new ColumnClassification(null, Math.Round(best?.Confidence ?? 0, 2), why) { Indian = indian };
        }
        return new ColumnClassification(best.Kind, Math.Round(Math.Min(best.Confidence, 0.99), 2), best.Evidence)
        {
            Indian = indian,
            EmbeddedKinds = best.Kind == ColumnKind.FreeText ? values.EmbeddedKinds : PiiKinds.None,
            EmbeddedNames = best.Kind == ColumnKind.FreeText && values.Ratio(ValueSignal.EmbeddedName) >= 0.2,
            MostlyIpv6 = values.Count(ValueSignal.Ipv6) > values.Count(ValueSignal.Ipv4),
            IsLatitude = words.Contains("latitude"),
        };
    }

    /// <summary>Whether a kind can live in a column of this type class.</summary>
    public static bool Accepts(ColumnKind kind, TypeClass type) => kind switch
    {
        ColumnKind.Phone or ColumnKind.Card or ColumnKind.NationalId or ColumnKind.Ssn or ColumnKind.BankAccount or ColumnKind.PersonId
            or ColumnKind.PostalCode => type is TypeClass.Text or TypeClass.Integer or TypeClass.Decimal,
        ColumnKind.DateOfBirth => type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Text,
        ColumnKind.GeoLocation => type is TypeClass.Float or TypeClass.Decimal or TypeClass.Text or TypeClass.Other,
        ColumnKind.Photo => type is TypeClass.Binary or TypeClass.Text or TypeClass.Other,
        ColumnKind.FreeText => type is TypeClass.Text or TypeClass.Json,
        ColumnKind.StreetAddress => type is TypeClass.Text or TypeClass.Json,
        _ => type is TypeClass.Text,
    };

    private sealed record Candidate(ColumnKind Kind, double Confidence, string Evidence);

    /// <summary>How values support a kind: shaped signals, validated signals, validator weight, and the share needed to stand without a name.</summary>
    private readonly record struct Support(ValueSignal[] Shaped, ValueSignal[] Validated, double Weight, double AloneFrom, string ValidatorName);

    private static Support SupportOf(ColumnKind kind, Column column) => kind switch
    {
        ColumnKind.Email => new([ValueSignal.Email], [ValueSignal.Email], 0.95, 0.5, "email"),
        ColumnKind.Phone => new([ValueSignal.PhoneShape, ValueSignal.Phone], [ValueSignal.Phone], 0.8, 0.6, "international phone"),
        ColumnKind.FirstName => new([ValueSignal.NameShape], [ValueSignal.GivenName], 0.7, 2, "first name (dictionary)"),
        ColumnKind.LastName => new([ValueSignal.NameShape], [ValueSignal.FamilyName], 0.7, 2, "last name (dictionary)"),
        ColumnKind.FullName => new([ValueSignal.NameShape], [ValueSignal.FullName], 0.75, 0.6, "person name (dictionary)"),
        ColumnKind.DateOfBirth => new([ValueSignal.BirthDate], [ValueSignal.BirthDate], 0.3, 2, "plausible age"),
        ColumnKind.StreetAddress => new([ValueSignal.AddressShape, ValueSignal.StreetAddress], [ValueSignal.StreetAddress], 0.6, 0.7, "street address"),
        ColumnKind.PostalCode => new([ValueSignal.PostalCode, ValueSignal.IdLike], [ValueSignal.PostalCode], 0.3, 2, "postal code format"),
        ColumnKind.Ssn => new([ValueSignal.SsnDashed, ValueSignal.SsnPlain], [ValueSignal.SsnDashed], 0.9, 0.5, "SSN (SSA rules)"),
        ColumnKind.NationalId => new([ValueSignal.AadhaarShape, ValueSignal.IdLike, ValueSignal.LongDigits], [ValueSignal.AadhaarValid], 0.9, 0.5, "Aadhaar (Verhoeff)"),
        ColumnKind.Pan => new([ValueSignal.Pan, ValueSignal.Card], [ValueSignal.Pan], 0.9, 0.5, "PAN"),
        ColumnKind.Passport => new([ValueSignal.PassportShape, ValueSignal.IdLike], [ValueSignal.PassportShape], 0.3, 2, "passport format"),
        ColumnKind.DriverLicense or ColumnKind.TaxId => new([ValueSignal.IdLike, ValueSignal.SsnPlain, ValueSignal.SsnDashed, ValueSignal.Pan], [], 0, 2, "identifier"),
        ColumnKind.BankAccount => new([ValueSignal.LongDigits, ValueSignal.IdLike, ValueSignal.Iban], [ValueSignal.Iban], 0.5, 2, "IBAN"),
        ColumnKind.Iban => new([ValueSignal.Iban], [ValueSignal.Iban], 0.95, 0.5, "IBAN (mod 97)"),
        ColumnKind.Card => new([ValueSignal.Card, ValueSignal.LongDigits, ValueSignal.IdLike], [ValueSignal.Card], 0.95, 0.5, "card (Luhn + issuer)"),
        ColumnKind.IpAddress => new([ValueSignal.Ipv4, ValueSignal.Ipv6], [ValueSignal.Ipv4, ValueSignal.Ipv6], 0.85, 0.6, "IP address"),
        ColumnKind.MacAddress => new([ValueSignal.Mac], [ValueSignal.Mac], 0.8, 0.6, "MAC address"),
        ColumnKind.GeoLocation => column.TypeClass is TypeClass.Float or TypeClass.Decimal
            ? new([ValueSignal.Latitude, ValueSignal.Longitude], [], 0, 2, "coordinate range")
            : new([ValueSignal.GeoPair], [ValueSignal.GeoPair], 0.8, 0.6, "latitude,longitude pair"),
        ColumnKind.Username => new([ValueSignal.UsernameShape, ValueSignal.Email], [], 0, 2, "user name format"),
        ColumnKind.Password => new([], [ValueSignal.PasswordHash], 0.5, 2, "password hash"),
        ColumnKind.Photo => column.TypeClass == TypeClass.Binary
            ? new([ValueSignal.Binary], [ValueSignal.Image], 0.6, 2, "image bytes")
            : new([], [ValueSignal.Url], 0.3, 2, "URL"),
        ColumnKind.PersonId => new([ValueSignal.LongDigits, ValueSignal.IdLike], [], 0, 2, "long identifier"),
        _ => new([], [], 0, 2, string.Empty),
    };

    private static Candidate? Score(ColumnKind kind, NameEvidence? name, ValueEvidence values, ColumnContext context, TableRole role, IReadOnlyList<string> words)
    {
        var column = context.Column;
        var support = SupportOf(kind, column);
        var shaped = MaxRatio(values, support.Shaped);
        var validated = MaxRatio(values, support.Validated);
        var n = values.Values;

        if (kind == ColumnKind.DateOfBirth) return ScoreBirthDate(name, values, role, words, column, context.Today);

        if (name is not { } rule)
        {
            // No name rule: only validators that can stand alone.
            if (support.AloneFrom > 1 || n < MinValues || validated < support.AloneFrom) return null;
            if (kind is ColumnKind.FullName && role == TableRole.Thing) return null;
            var alone = support.Weight * validated;
            return new Candidate(kind, alone, $"values:{Percent(validated)} {support.ValidatorName} (n={n})");
        }

        var evidence = new StringBuilder($"name:{rule.Rule}");
        double confidence;
        if (n < MinValues || (support.Shaped.Length == 0 && support.Validated.Length == 0))
        {
            // Too few values to judge (or a kind values cannot show, such as plain-text passwords): the name decides.
            confidence = rule.Score * (n == 0 ? 0.9 : 1.0);
            if (validated > 0) confidence = 1 - (1 - confidence) * (1 - support.Weight * validated);
            evidence.Append(n == 0 ? "; no values sampled" : $"; values:{Describe(values, support, shaped, validated)} (n={n})");
        }
        else if (support.Shaped.Length > 0 && Math.Max(shaped, validated) < 0.2 && !(kind == ColumnKind.Photo && column.TypeClass != TypeClass.Binary))
        {
            // An unambiguous name (first_name, email, dob) stays reported, at low confidence; an ambiguous one is dropped.
            confidence = rule.Score * (rule.Score >= 0.9 ? 0.6 : 0.35);
            evidence.Append(CultureInfo.InvariantCulture, $"; values contradict: {Percent(Math.Max(shaped, validated))} {support.ValidatorName} (n={n})");
        }
        else
        {
            // A weak rule (a bare "name", "ship_name") needs validated values, not just the right shape.
            var lift = support.Shaped.Length == 0 ? 1 : rule.Score < 0.6 && support.Weight > 0 ? Math.Min(1, 2 * validated) : Math.Max(shaped, validated);
            var prior = rule.Score * Math.Min(1, 0.5 + lift);
            confidence = 1 - (1 - prior) * (1 - support.Weight * validated);
            evidence.Append(CultureInfo.InvariantCulture, $"; values:{Describe(values, support, shaped, validated)} (n={n})");
        }
        return new Candidate(kind, confidence, evidence.ToString());
    }

    private static Candidate? ScoreBirthDate(NameEvidence? name, ValueEvidence values, TableRole role, IReadOnlyList<string> words, Column column, DateOnly today)
    {
        var n = values.Values;
        var plausible = values.Ratio(ValueSignal.BirthDate);
        var dates = values.Ratio(ValueSignal.Date);
        var spread = values.YearSpread is { } s ? s.High - s.Low : 0;
        if (name is { } rule)
        {
            if (n < MinValues) return new Candidate(ColumnKind.DateOfBirth, rule.Score * 0.9, $"name:{rule.Rule}; {(n == 0 ? "no values sampled" : $"n={n}")}");
            if (column.TypeClass is TypeClass.Text && dates < 0.5)
                return new Candidate(ColumnKind.DateOfBirth, rule.Score * 0.35, $"name:{rule.Rule}; values contradict: {Percent(dates)} dates (n={n})");
            var confidence = plausible < 0.2 ? rule.Score * 0.35 : 1 - (1 - rule.Score * Math.Min(1, 0.5 + plausible)) * (1 - 0.3 * plausible);
            return new Candidate(ColumnKind.DateOfBirth, confidence, $"name:{rule.Rule}; values:{Percent(plausible)} plausible ages 0-110, years spread {spread} (n={n})");
        }
        // A person table's date with no event in its name, ages of 0-110 spread over decades: a birth date.
        if (role != TableRole.Person || n < 20 || NameRules.IsEventDateName(words) || plausible < 0.9 || spread < 15) return null;
        if (values.YearSpread!.Value.High > today.Year) return null;
        return new Candidate(ColumnKind.DateOfBirth, 0.55, $"values:{Percent(plausible)} plausible ages 0-110, years spread {spread}, person table (n={n})");
    }

    private static Candidate? FreeText(Column column, ValueEvidence values, TableRole role, IReadOnlyList<string> words)
    {
        if (column.TypeClass is not (TypeClass.Text or TypeClass.Json) || values.Values < 3) return null;
        var textLike = column.TypeClass == TypeClass.Json || values.Ratio(ValueSignal.Prose) >= 0.3 || NameRules.IsFreeTextName(words) || values.AverageLength >= 30;
        if (!textLike) return null;
        var embedded = values.Ratio(ValueSignal.EmbeddedPii);
        var named = values.Ratio(ValueSignal.EmbeddedName);
        var keys = values.Ratio(ValueSignal.JsonPiiKey);
        var confidence = 0.0;
        var parts = new List<string>();
        if (values.Count(ValueSignal.EmbeddedPii) >= 2 && embedded >= 0.05)
        {
            confidence = Math.Max(confidence, 0.6 + 0.4 * Math.Min(1, embedded * 2));
            parts.Add($"{Percent(embedded)} with {KindList(values.EmbeddedKinds)} inside");
        }
        if (role == TableRole.Person && named >= 0.3 && values.Ratio(ValueSignal.Prose) >= 0.5)
        {
            confidence = Math.Max(confidence, 0.5 + 0.4 * named);
            parts.Add($"{Percent(named)} prose naming people (dictionary), person table");
        }
        if (keys >= 0.3)
        {
            confidence = Math.Max(confidence, 0.7);
            parts.Add($"{Percent(keys)} JSON with keys {string.Join('/', values.JsonKeyKinds.Select(ColumnKinds.Name))}");
        }
        if (confidence == 0) return null;
        return new Candidate(ColumnKind.FreeText, confidence, $"free text: {string.Join(", ", parts)} (n={values.Values})");
    }

    private static string Describe(ValueEvidence values, Support support, double shaped, double validated)
    {
        var parts = new List<string>();
        if (support.Validated.Length > 0) parts.Add($"{Percent(validated)} {support.ValidatorName}");
        if (support.Shaped.Length > 0 && (support.Validated.Length == 0 || shaped > validated)) parts.Add($"{Percent(shaped)} shaped");
        return parts.Count == 0 ? "present" : string.Join(", ", parts);
    }

    private static string NothingEvidence(Dictionary<ColumnKind, NameEvidence> names, ValueEvidence values, Column column)
    {
        if (names.Count > 0)
        {
            var rejected = names.Values.MaxBy(e => e.Score);
            return $"name:{rejected.Rule} does not fit type {TypeClassName(column.TypeClass)}";
        }
        return values.Values == 0 ? "no rule; no values sampled" : $"no rule or validator matched (n={values.Values})";
    }

    private static double MaxRatio(ValueEvidence values, ValueSignal[] signals)
    {
        var best = 0.0;
        var sum = 0.0;
        foreach (var s in signals)
        {
            best = Math.Max(best, values.Ratio(s));
            sum += values.Ratio(s);
        }
        // IPv4 and IPv6 values add up in one column; other signal lists are alternatives.
        return signals is [ValueSignal.Ipv4, ValueSignal.Ipv6] ? Math.Min(1, sum) : best;
    }

    private static void Keep(Dictionary<ColumnKind, NameEvidence> into, NameEvidence e)
    {
        if (!into.TryGetValue(e.Kind, out var old) || old.Score < e.Score) into[e.Kind] = e;
    }

    private static string KindList(PiiKinds kinds)
    {
        var names = new List<string>();
        foreach (var kind in Enum.GetValues<PiiKind>()) if ((kinds & PiiKindNames.ToSet(kind)) != 0) names.Add(PiiKindNames.Name(kind));
        return names.Count == 0 ? "PII" : string.Join('/', names);
    }

    private static string Percent(double ratio) => Math.Round(ratio * 100).ToString(CultureInfo.InvariantCulture) + "%";

    private static string TypeClassName(TypeClass type) => type.ToString().ToLowerInvariant();
}
