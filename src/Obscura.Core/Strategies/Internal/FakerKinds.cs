namespace Obscura.Core.Strategies.Internal;

/// <summary>Config names and properties of the <see cref="FakerKind"/>s.</summary>
internal static class FakerKinds
{
    private static readonly (FakerKind Kind, string Name)[] Table =
    [
        (FakerKind.FirstName, "first_name"),
        (FakerKind.LastName, "last_name"),
        (FakerKind.FullName, "full_name"),
        (FakerKind.Email, "email"),
        (FakerKind.Phone, "phone"),
        (FakerKind.StreetAddress, "street_address"),
        (FakerKind.City, "city"),
        (FakerKind.State, "state"),
        (FakerKind.PostalCode, "postal_code"),
        (FakerKind.Country, "country"),
        (FakerKind.Company, "company"),
        (FakerKind.JobTitle, "job_title"),
        (FakerKind.Username, "username"),
        (FakerKind.Url, "url"),
        (FakerKind.Ipv4, "ipv4"),
        (FakerKind.Ipv6, "ipv6"),
        (FakerKind.Iban, "iban"),
        (FakerKind.CreditCard, "credit_card"),
        (FakerKind.Ssn, "ssn"),
        (FakerKind.NationalId, "national_id"),
        (FakerKind.Pan, "pan"),
        (FakerKind.DateOfBirth, "date_of_birth"),
        (FakerKind.Lorem, "lorem"),
    ];

    /// <summary>Every kind's config name, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Table, t => t.Name);

    /// <summary>The config name of a kind.</summary>
    public static string Name(FakerKind kind)
    {
        foreach (var (k, name) in Table) if (k == kind) return name;
        throw new ArgumentOutOfRangeException(nameof(kind));
    }

    /// <summary>Parses a config name (exact, lower case).</summary>
    public static bool TryParse(string? name, out FakerKind kind)
    {
        foreach (var (k, n) in Table)
        {
            if (n == name)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Kinds whose values are all digits, so integer and decimal columns can hold them.</summary>
    public static bool IsNumeric(FakerKind kind) => kind is FakerKind.Ssn or FakerKind.NationalId or FakerKind.CreditCard or FakerKind.Phone;

    /// <summary>
    /// How the kind keeps distinct inputs distinct on unique columns: a keyed tag of 64 bits in the value, a keyed
    /// permutation of the input's own digits, or nothing.
    /// </summary>
    public static FakerUniqueness Uniqueness(FakerKind kind) => kind switch
    {
        FakerKind.Email or FakerKind.Username or FakerKind.Url or FakerKind.Ipv6 => FakerUniqueness.Tagged,
        FakerKind.Ssn or FakerKind.NationalId or FakerKind.CreditCard or FakerKind.Phone or FakerKind.Ipv4 or FakerKind.Pan => FakerUniqueness.Permuted,
        _ => FakerUniqueness.None,
    };
}
