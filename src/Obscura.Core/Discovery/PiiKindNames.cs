namespace Obscura.Core.Discovery;

/// <summary>Config names of the PII kinds (<c>email, phone, national_id, pan, ssn, card, iban, ip</c>) and parsing of comma lists of them.</summary>
public static class PiiKindNames
{
    /// <summary>The names a comma list may hold, in documentation order; <c>ip</c> means IPv4 and IPv6 (<c>ipv4</c> and <c>ipv6</c> select one).</summary>
    public static IReadOnlyList<string> Names { get; } = ["email", "phone", "national_id", "pan", "ssn", "card", "iban", "ip", "ipv4", "ipv6"];

    /// <summary>The config name of one kind (<see cref="PiiKind.Ipv4"/> is <c>ipv4</c>).</summary>
    public static string Name(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.NationalId => "national_id",
        PiiKind.Pan => "pan",
        PiiKind.Ssn => "ssn",
        PiiKind.Card => "card",
        PiiKind.Iban => "iban",
        PiiKind.Ipv4 => "ipv4",
        PiiKind.Ipv6 => "ipv6",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a PII kind"),
    };

    /// <summary>The set of one kind.</summary>
    public static PiiKinds ToSet(PiiKind kind) => (PiiKinds)(1 << (int)kind);

    /// <summary>
    /// Parses a comma list of names (case-insensitive, spaces ignored). Null or blank means every kind. On failure
    /// <paramref name="unknown"/> holds the first name that is not a kind (empty when the list names none).
    /// </summary>
    public static bool TryParse(string? list, out PiiKinds kinds, out string? unknown)
    {
        kinds = PiiKinds.None;
        unknown = null;
        if (string.IsNullOrWhiteSpace(list))
        {
            kinds = PiiKinds.All;
            return true;
        }
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var kind = Parse(part);
            if (kind == PiiKinds.None)
            {
                unknown = part;
                kinds = PiiKinds.None;
                return false;
            }
            kinds |= kind;
        }
        if (kinds != PiiKinds.None) return true;
        unknown = string.Empty;
        return false;
    }

    private static PiiKinds Parse(string name) => name.ToLowerInvariant() switch
    {
        "email" => PiiKinds.Email,
        "phone" => PiiKinds.Phone,
        "national_id" or "aadhaar" => PiiKinds.NationalId,
        "pan" => PiiKinds.Pan,
        "ssn" => PiiKinds.Ssn,
        "card" or "credit_card" => PiiKinds.Card,
        "iban" => PiiKinds.Iban,
        "ip" => PiiKinds.Ip,
        "ipv4" => PiiKinds.Ipv4,
        "ipv6" => PiiKinds.Ipv6,
        _ => PiiKinds.None,
    };
}
