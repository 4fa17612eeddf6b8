namespace Obscura.Core.Validation;

/// <summary>
/// India's Aadhaar number: 12 digits, the first 2-9 (0 and 1 are reserved), the last a <see cref="Verhoeff"/> check
/// digit over the first 11. Inputs are plain digit strings; strip the spaces of the printed "1234 5678 9012" form first.
/// </summary>
public static class Aadhaar
{
    /// <summary>Digits in an Aadhaar number.</summary>
    public const int Length = 12;

    /// <summary>True when <paramref name="number"/> is 12 ASCII digits, starts with 2-9 and ends in its Verhoeff check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> number) =>
        number.Length == Length && number[0] is >= '2' and <= '9' && Verhoeff.IsValid(number);

    /// <summary>The check digit of an 11-digit payload.</summary>
    /// <exception cref="ArgumentException">The payload is not 11 ASCII digits.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> payload)
    {
        if (payload.Length != Length - 1) throw new ArgumentException("an Aadhaar payload has 11 digits", nameof(payload));
        return Verhoeff.ComputeCheckDigit(payload);
    }

    /// <summary>The full number for an 11-digit payload whose first digit is 2-9.</summary>
    /// <exception cref="ArgumentException">The payload is not 11 ASCII digits starting with 2-9.</exception>
    public static string Create(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length != Length - 1 || payload[0] is < '2' or > '9')
            throw new ArgumentException("an Aadhaar payload has 11 digits and starts with 2-9", nameof(payload));
        return payload + (char)('0' + Verhoeff.ComputeCheckDigit(payload));
    }
}
