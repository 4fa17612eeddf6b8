namespace Obscura.Core.Validation;

/// <summary>
/// The Verhoeff check digit (dihedral group D5), which catches every single-digit error and every transposition of
/// adjacent digits; used by India's Aadhaar numbers. Inputs are plain digit strings.
/// </summary>
public static class Verhoeff
{
    // Multiplication table of the dihedral group D5.
    private static readonly byte[,] Multiply =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
        { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
        { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
        { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
        { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
        { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    // Position-dependent permutation: row i applies to the digit i places from the right (mod 8).
    private static readonly byte[,] Permute =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
        { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
        { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
        { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
        { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>True when <paramref name="number"/> is at least two ASCII digits ending in the Verhoeff check digit of the rest.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        if (number.Length < 2) return false;
        var c = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var ch = number[number.Length - 1 - i];
            if (ch is < '0' or > '9') return false;
            c = Multiply[c, Permute[i & 7, ch - '0']];
        }
        return c == 0;
    }

    /// <summary>The check digit (0-9) that makes <paramref name="payload"/> followed by it valid.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty or holds a character that is not an ASCII digit.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> payload)
    {
        if (payload.IsEmpty) throw new ArgumentException("the payload must have at least one digit", nameof(payload));
        var c = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var ch = payload[payload.Length - 1 - i];
            if (ch is < '0' or > '9') throw new ArgumentException("the payload must consist of ASCII digits only", nameof(payload));
            // The check digit takes position 0, so payload digits start at position 1.
            c = Multiply[c, Permute[(i + 1) & 7, ch - '0']];
        }
        return Inverse[c];
    }

    /// <summary><paramref name="payload"/> followed by its check digit.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty or not all ASCII digits.</exception>
    public static string AppendCheckDigit(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload + (char)('0' + ComputeCheckDigit(payload));
    }
}
