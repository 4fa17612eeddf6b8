namespace Obscura.Core.Validation;

/// <summary>
/// India's Permanent Account Number (PAN): ten characters <c>AAAPA9999A</c>: three letters, a holder-type letter
/// (<see cref="HolderTypes"/>), a letter (for persons the surname's initial), four digits and a final letter.
/// The final letter is a check character whose algorithm is not published, so any letter is accepted there.
/// </summary>
public static class Pan
{
    /// <summary>Characters in a PAN.</summary>
    public const int Length = 10;

    /// <summary>
    /// Valid 4th characters: A association of persons, B body of individuals, C company, F firm, G government,
    /// H Hindu undivided family, J artificial juridical person, L local authority, P individual, T trust.
    /// </summary>
    public const string HolderTypes = "ABCFGHJLPT";

    /// <summary>True when <paramref name="value"/> has the PAN shape (upper-case letters) with a valid holder type.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length != Length) return false;
        for (var i = 0; i < Length; i++)
        {
            var c = value[i];
            var ok = i is >= 5 and <= 8 ? c is >= '0' and <= '9' : c is >= 'A' and <= 'Z';
            if (!ok) return false;
        }
        return IsHolderType(value[3]);
    }

    /// <summary>True when <paramref name="c"/> is one of <see cref="HolderTypes"/>.</summary>
    public static bool IsHolderType(char c) => HolderTypes.Contains(c, StringComparison.Ordinal);
}
