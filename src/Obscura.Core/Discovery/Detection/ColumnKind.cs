namespace Obscura.Core.Discovery.Detection;

/// <summary>What kind of personal data a whole column holds (<see cref="ColumnKinds.Name"/> gives the report name).</summary>
public enum ColumnKind
{
    /// <summary>Email addresses.</summary>
    Email,
    /// <summary>Phone or fax numbers.</summary>
    Phone,
    /// <summary>Given names (first and middle names).</summary>
    FirstName,
    /// <summary>Family names.</summary>
    LastName,
    /// <summary>Whole person names (<c>Priya Sharma</c>, <c>Dr. A. Rao</c>).</summary>
    FullName,
    /// <summary>Dates of birth.</summary>
    DateOfBirth,
    /// <summary>Street addresses (street, house number, address lines).</summary>
    StreetAddress,
    /// <summary>Postal codes (ZIP, PIN, postcode).</summary>
    PostalCode,
    /// <summary>US Social Security numbers.</summary>
    Ssn,
    /// <summary>National identity numbers (India's Aadhaar and other national IDs).</summary>
    NationalId,
    /// <summary>India's Permanent Account Number.</summary>
    Pan,
    /// <summary>Passport numbers.</summary>
    Passport,
    /// <summary>Driving licence numbers.</summary>
    DriverLicense,
    /// <summary>Personal tax identification numbers.</summary>
    TaxId,
    /// <summary>Bank account numbers.</summary>
    BankAccount,
    /// <summary>IBANs.</summary>
    Iban,
    /// <summary>Payment card numbers.</summary>
    Card,
    /// <summary>IPv4 or IPv6 addresses.</summary>
    IpAddress,
    /// <summary>MAC (hardware) addresses.</summary>
    MacAddress,
    /// <summary>GPS coordinates (a latitude or longitude column, or a pair in one value).</summary>
    GeoLocation,
    /// <summary>User names and logins.</summary>
    Username,
    /// <summary>Passwords, password hashes and secret answers.</summary>
    Password,
    /// <summary>Photos, pictures and other images of people (or paths to them).</summary>
    Photo,
    /// <summary>Identifiers issued to people by an outside system: registration, membership, medical record numbers.</summary>
    PersonId,
    /// <summary>Free text or JSON that holds personal data (emails, phones, names) inside it.</summary>
    FreeText,
}

/// <summary>Report names of <see cref="ColumnKind"/> (snake_case, as in <c>pii-inventory.csv</c>).</summary>
public static class ColumnKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<ColumnKind> All { get; } = Enum.GetValues<ColumnKind>();

    /// <summary>The report name: <c>email</c>, <c>first_name</c>, <c>date_of_birth</c>, ...</summary>
    public static string Name(ColumnKind kind) => kind switch
    {
        ColumnKind.Email => "email",
        ColumnKind.Phone => "phone",
        ColumnKind.FirstName => "first_name",
        ColumnKind.LastName => "last_name",
        ColumnKind.FullName => "full_name",
        ColumnKind.DateOfBirth => "date_of_birth",
        ColumnKind.StreetAddress => "street_address",
        ColumnKind.PostalCode => "postal_code",
        ColumnKind.Ssn => "ssn",
        ColumnKind.NationalId => "national_id",
        ColumnKind.Pan => "pan",
        ColumnKind.Passport => "passport",
        ColumnKind.DriverLicense => "driver_license",
        ColumnKind.TaxId => "tax_id",
        ColumnKind.BankAccount => "bank_account",
        ColumnKind.Iban => "iban",
        ColumnKind.Card => "card",
        ColumnKind.IpAddress => "ip_address",
        ColumnKind.MacAddress => "mac_address",
        ColumnKind.GeoLocation => "geo_location",
        ColumnKind.Username => "username",
        ColumnKind.Password => "password",
        ColumnKind.Photo => "photo",
        ColumnKind.PersonId => "person_id",
        ColumnKind.FreeText => "free_text",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a column kind"),
    };

    /// <summary>Parses a report name; null when it names no kind.</summary>
    public static ColumnKind? Parse(string? name)
    {
        foreach (var kind in All) if (string.Equals(Name(kind), name, StringComparison.OrdinalIgnoreCase)) return kind;
        return null;
    }
}
