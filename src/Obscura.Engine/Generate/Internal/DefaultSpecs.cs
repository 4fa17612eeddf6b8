using Obscura.Core.Discovery.Detection;
using Obscura.Core.Schema;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// The spec of a column nobody described: its personal-data kind from the discovery name classifier (column and table
/// names only, no values) mapped to a faker kind, then common business meanings of names (amounts, counts, event dates,
/// cities, statuses), then the type.
/// </summary>
internal static class DefaultSpecs
{
    /// <summary>Dates are counted back from this fixed day, so runs are reproducible (as the faker's <c>as_of</c>).</summary>
    public static readonly DateTime AsOf = new(2025, 1, 1);

    /// <summary>The spec for <paramref name="column"/> of <paramref name="table"/>; null when the type alone decides.</summary>
    public static ValueSpec? For(Table table, Column column)
    {
        if (column.EnumValues is { Count: > 0 } values) return new ChoiceValueSpec(values);
        var words = IdentifierTokenizer.Tokenize(column.Name);
        var type = column.TypeClass;
        var text = type == TypeClass.Text;
        var classification = ColumnClassifier.Classify(new ColumnContext { TableName = table.Name.Name, Column = column, TableComment = table.Comment }, ValueEvidence.Empty);
        switch (classification.Kind)
        {
            case ColumnKind.Email when text:
                return EmailTemplate(table) is { } template ? new TemplateValueSpec(template) : new FakerValueSpec("email");
            case ColumnKind.Phone when text || type is TypeClass.Integer or TypeClass.Decimal: return new FakerValueSpec("phone");
            case ColumnKind.FirstName when text: return new FakerValueSpec("first_name");
            case ColumnKind.LastName when text: return new FakerValueSpec("last_name");
            case ColumnKind.FullName when text: return new FakerValueSpec("full_name");
            case ColumnKind.DateOfBirth when type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset || text:
                return new FakerValueSpec("date_of_birth");
            case ColumnKind.StreetAddress when text: return new FakerValueSpec(Has(words, "city", "town") ? "city" : "street_address");
            case ColumnKind.PostalCode when text: return new FakerValueSpec("postal_code");
            case ColumnKind.Ssn when text || type is TypeClass.Integer or TypeClass.Decimal: return new FakerValueSpec("ssn");
            case ColumnKind.NationalId when text || type is TypeClass.Integer or TypeClass.Decimal: return new FakerValueSpec("national_id");
            case ColumnKind.Pan when text: return new FakerValueSpec("pan");
            case ColumnKind.Iban when text: return new FakerValueSpec("iban");
            case ColumnKind.Card when text || type is TypeClass.Integer or TypeClass.Decimal: return new FakerValueSpec("credit_card");
            case ColumnKind.IpAddress when text: return new FakerValueSpec(column.MaxLength is null or >= 39 && Has(words, "ipv6", "v6") ? "ipv6" : "ipv4");
            case ColumnKind.Username when text: return new FakerValueSpec("username");
            case ColumnKind.Passport when text: return new TextValueSpec(8, 8, "A9999999");
            case ColumnKind.DriverLicense when text: return new TextValueSpec(12, 12, "AA9999999999");
            case ColumnKind.TaxId or ColumnKind.PersonId or ColumnKind.BankAccount when text: return new TextValueSpec(10, 10, "9999999999");
            case ColumnKind.MacAddress when text: return new TextValueSpec(17, 17, "99:99:99:99:99:99");
            case ColumnKind.Password when text: return new TextValueSpec(32, 32, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            case ColumnKind.GeoLocation when type is TypeClass.Float or TypeClass.Decimal:
                return Has(words, "lon", "lng", "long", "longitude") ? new RangeValueSpec(-180, 180, 6) : new RangeValueSpec(-90, 90, 6);
        }
        return ByMeaning(words, column);
    }

    /// <summary>An email that matches the row's name when the table has first- and last-name columns.</summary>
    private static string? EmailTemplate(Table table)
    {
        string? first = null, last = null, full = null;
        foreach (var c in table.Columns)
        {
            if (c.TypeClass != TypeClass.Text) continue;
            var kind = ColumnClassifier.Classify(new ColumnContext { TableName = table.Name.Name, Column = c }, ValueEvidence.Empty).Kind;
            if (kind == ColumnKind.FirstName) first ??= c.Name;
            else if (kind == ColumnKind.LastName) last ??= c.Name;
            else if (kind == ColumnKind.FullName) full ??= c.Name;
        }
        if (first is not null && last is not null) return $"{{{first}}}.{{{last}}}@example.com";
        if (full is not null) return $"{{{full}}}@example.com";
        return null;
    }

    private static ValueSpec? ByMeaning(IReadOnlyList<string> words, Column column)
    {
        var type = column.TypeClass;
        if (type == TypeClass.Text)
        {
            if (Has(words, "city", "town")) return new FakerValueSpec("city");
            if (Has(words, "state", "province", "region")) return new FakerValueSpec("state");
            if (Has(words, "country", "nation")) return new FakerValueSpec("country");
            if (Has(words, "company", "employer", "organisation", "organization")) return new FakerValueSpec("company");
            if (Has(words, "job", "occupation", "designation")) return new FakerValueSpec("job_title");
            if (Has(words, "url", "website", "homepage", "link")) return new FakerValueSpec("url");
            if (Has(words, "status", "state")) return new ChoiceValueSpec(["active", "pending", "closed"], [0.7, 0.2, 0.1]);
            if (Has(words, "currency")) return new ChoiceValueSpec(["USD", "EUR", "INR", "GBP"], [0.4, 0.3, 0.2, 0.1]);
            if (Has(words, "gender", "sex")) return new ChoiceValueSpec(["F", "M"]);
            if (NameRules.IsFreeTextName(words)) return new TextValueSpec(20, Math.Min(200, column.MaxLength ?? 200));
            return null;
        }
        if (type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset)
        {
            // Event dates (created, updated, ordered, ...) and any other date: the last five years before AsOf.
            return new DateRangeValueSpec(AsOf.AddYears(-5), type == TypeClass.Date ? AsOf : AsOf.AddSeconds(-1));
        }
        if (type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float)
        {
            var scale = type == TypeClass.Integer ? 0 : Math.Min(column.Scale ?? 2, 4);
            if (Has(words, "amount", "price", "total", "cost", "balance", "salary", "fee", "payment", "revenue", "value", "rate", "charge", "subtotal", "tax"))
                return new RangeValueSpec(1, 1000, scale);
            if (Has(words, "quantity", "qty", "count", "number", "units", "stock"))
                return new RangeValueSpec(1, 100, 0);
            if (Has(words, "age")) return new RangeValueSpec(18, 90, 0);
            if (Has(words, "year")) return new RangeValueSpec(AsOf.Year - 30, AsOf.Year, 0);
            if (Has(words, "percent", "percentage", "pct", "discount")) return new RangeValueSpec(0, 100, scale);
            if (Has(words, "rating", "score", "stars")) return new RangeValueSpec(1, 5, 0);
        }
        return null;
    }

    private static bool Has(IReadOnlyList<string> words, params ReadOnlySpan<string> any)
    {
        foreach (var w in words) foreach (var a in any) if (w == a) return true;
        return false;
    }
}
