namespace Obscura.Core.Validation;

/// <summary>
/// The Luhn (mod 10) check digit used by payment card numbers, IMEIs and many national identifiers: from the right,
/// every second digit is doubled (subtracting 9 when the result exceeds 9) and the sum must be a multiple of 10.
/// Inputs are plain digit strings; strip spaces and dashes first.
/// </summary>
public static class Luhn
{
    /// <summary>True when <paramref name="number"/> is at least two ASCII digits and its last digit is the Luhn check digit of the rest.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        if (number.Length < 2) return false;
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[number.Length - 1 - i];
            if (c is < '0' or > '9') return false;
            sum += Weigh(c - '0', doubled: (i & 1) == 1);
        }
        return sum % 10 == 0;
    }

    /// <summary>The check digit (0-9) that makes <paramref name="payload"/> followed by it valid.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty or holds a character that is not an ASCII digit.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> payload)
    {
        if (payload.IsEmpty) throw new ArgumentException("the payload must have at least one digit", nameof(payload));
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[payload.Length - 1 - i];
            if (c is < '0' or > '9') throw new ArgumentException("the payload must consist of ASCII digits only", nameof(payload));
            // The check digit will sit at position 0 from the right, so the payload's last digit is doubled.
            sum += Weigh(c - '0', doubled: (i & 1) == 0);
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary><paramref name="payload"/> followed by its check digit.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty or not all ASCII digits.</exception>
    public static string AppendCheckDigit(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload + (char)('0' + ComputeCheckDigit(payload));
    }

    private static int Weigh(int digit, bool doubled)
    {
        if (!doubled) return digit;
        var d = digit * 2;
        return d > 9 ? d - 9 : d;
    }
}
