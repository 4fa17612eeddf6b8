namespace Obscura.Core.Discovery;

/// <summary>The kind of personal data a <see cref="PiiScanner"/> found in a span of text.</summary>
public enum PiiKind
{
    /// <summary>An email address (<c>priya.sharma@example.com</c>).</summary>
    Email,
    /// <summary>A phone number in an international or grouped national form (<c>+91 98765 43210</c>, <c>(415) 555-0132</c>, <c>020 7946 0958</c>).</summary>
    Phone,
    /// <summary>India's Aadhaar number: 12 digits, plain or 4-4-4, first digit 2-9, valid Verhoeff check digit.</summary>
    NationalId,
    /// <summary>India's Permanent Account Number <c>AAAPA9999A</c> with a valid holder type.</summary>
    Pan,
    /// <summary>A US Social Security number <c>123-45-6789</c> (or spaced) that follows the SSA issuance rules.</summary>
    Ssn,
    /// <summary>A payment card number: 13-19 digits, plain or grouped, a known issuer prefix and a valid Luhn check digit.</summary>
    Card,
    /// <summary>An IBAN of a registered country and length with valid mod-97 check digits, electronic or printed form.</summary>
    Iban,
    /// <summary>A dotted-quad IPv4 address.</summary>
    Ipv4,
    /// <summary>An IPv6 address (full, compressed, or with an embedded IPv4 tail).</summary>
    Ipv6,
}
