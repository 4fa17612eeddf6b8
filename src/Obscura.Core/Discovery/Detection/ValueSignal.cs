namespace Obscura.Core.Discovery.Detection;

/// <summary>One thing a sampled value can show, counted per column by <see cref="ValueEvidence"/>.</summary>
public enum ValueSignal
{
    /// <summary>An email address.</summary>
    Email,
    /// <summary>A phone number in international or grouped national form.</summary>
    Phone,
    /// <summary>The shape of a phone number (7 to 15 digits with separators).</summary>
    PhoneShape,
    /// <summary>A Luhn-valid card number of a known issuer.</summary>
    Card,
    /// <summary>A valid IBAN.</summary>
    Iban,
    /// <summary>A valid SSN in the dashed form.</summary>
    SsnDashed,
    /// <summary>Nine digits that pass the SSN rules.</summary>
    SsnPlain,
    /// <summary>An Aadhaar number with a valid Verhoeff check digit.</summary>
    AadhaarValid,
    /// <summary>The Aadhaar layout (12 digits, 4-4-4), check digit not verified.</summary>
    AadhaarShape,
    /// <summary>An Indian PAN.</summary>
    Pan,
    /// <summary>A passport-number shape.</summary>
    PassportShape,
    /// <summary>An IPv4 address.</summary>
    Ipv4,
    /// <summary>An IPv6 address.</summary>
    Ipv6,
    /// <summary>A MAC address.</summary>
    Mac,
    /// <summary>A URL.</summary>
    Url,
    /// <summary>A latitude/longitude pair in one value.</summary>
    GeoPair,
    /// <summary>A number within [-90, 90] with decimals.</summary>
    Latitude,
    /// <summary>A number within [-180, 180] with decimals.</summary>
    Longitude,
    /// <summary>Letters-only words that could be a name.</summary>
    NameShape,
    /// <summary>A value holding a known given or family name.</summary>
    NameKnown,
    /// <summary>A single known given name.</summary>
    GivenName,
    /// <summary>A single known family name.</summary>
    FamilyName,
    /// <summary>Two words or more forming a known full name.</summary>
    FullName,
    /// <summary>A name from the Indian lists.</summary>
    IndianName,
    /// <summary>A street address with a street word.</summary>
    StreetAddress,
    /// <summary>A house number and words.</summary>
    AddressShape,
    /// <summary>A postal code of a common national format.</summary>
    PostalCode,
    /// <summary>A user-name shape.</summary>
    UsernameShape,
    /// <summary>A stored password hash.</summary>
    PasswordHash,
    /// <summary>Image bytes.</summary>
    Image,
    /// <summary>Any non-empty bytes.</summary>
    Binary,
    /// <summary>A date (typed or written as text).</summary>
    Date,
    /// <summary>A date giving an age between 0 and 110 on the scan date.</summary>
    BirthDate,
    /// <summary>A whole number or digit string of six digits or more.</summary>
    LongDigits,
    /// <summary>Text with an email, phone, card, ID or IP address inside it.</summary>
    EmbeddedPii,
    /// <summary>Prose with a known given name inside it.</summary>
    EmbeddedName,
    /// <summary>A JSON document with a key that names personal data (email, phone, name, dob...).</summary>
    JsonPiiKey,
    /// <summary>An identifier: 5 to 20 letters and digits (dashes, spaces allowed) with at least three digits.</summary>
    IdLike,
    /// <summary>Text of several words or more than 40 characters.</summary>
    Prose,
}
