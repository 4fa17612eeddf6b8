namespace Obscura.Core.Strategies.Internal;

/// <summary>What a <c>faker</c> rule produces (the <c>kind</c> parameter).</summary>
internal enum FakerKind
{
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    StreetAddress,
    City,
    State,
    PostalCode,
    Country,
    Company,
    JobTitle,
    Username,
    Url,
    Ipv4,
    Ipv6,
    Iban,
    CreditCard,
    Ssn,
    NationalId,
    Pan,
    DateOfBirth,
    Lorem,
}
