namespace Obscura.Core.Discovery;

/// <summary>A set of <see cref="PiiKind"/>s: which kinds a <see cref="PiiScanner"/> looks for.</summary>
[Flags]
public enum PiiKinds
{
    /// <summary>No kind.</summary>
    None = 0,
    /// <summary><see cref="PiiKind.Email"/>.</summary>
    Email = 1,
    /// <summary><see cref="PiiKind.Phone"/>.</summary>
    Phone = 2,
    /// <summary><see cref="PiiKind.NationalId"/>.</summary>
    NationalId = 4,
    /// <summary><see cref="PiiKind.Pan"/>.</summary>
    Pan = 8,
    /// <summary><see cref="PiiKind.Ssn"/>.</summary>
    Ssn = 16,
    /// <summary><see cref="PiiKind.Card"/>.</summary>
    Card = 32,
    /// <summary><see cref="PiiKind.Iban"/>.</summary>
    Iban = 64,
    /// <summary><see cref="PiiKind.Ipv4"/>.</summary>
    Ipv4 = 128,
    /// <summary><see cref="PiiKind.Ipv6"/>.</summary>
    Ipv6 = 256,
    /// <summary>IPv4 and IPv6 addresses.</summary>
    Ip = Ipv4 | Ipv6,
    /// <summary>Every kind.</summary>
    All = Email | Phone | NationalId | Pan | Ssn | Card | Iban | Ip,
}
