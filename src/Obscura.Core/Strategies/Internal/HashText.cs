namespace Obscura.Core.Strategies.Internal;

/// <summary>Renders two 64-bit hash words as text in a compact alphabet.</summary>
internal static class HashText
{
    private const string Hex = "0123456789abcdef";
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Parses the <c>alphabet</c> parameter.</summary>
    public static HashAlphabet Parse(string? name) => name switch
    {
        "hex" => HashAlphabet.Hex,
        "base62" => HashAlphabet.Base62,
        _ => HashAlphabet.Base32,
    };

    /// <summary>Characters taken from one 64-bit word.</summary>
    public static int CharsPerWord(HashAlphabet alphabet) => alphabet switch
    {
        HashAlphabet.Hex => 16,
        HashAlphabet.Base32 => 12,
        _ => 10,
    };

    /// <summary>The longest text two words can give.</summary>
    public static int MaxLength(HashAlphabet alphabet) => 2 * CharsPerWord(alphabet);

    /// <summary>Bits of hash carried by <paramref name="length"/> characters (rounded down).</summary>
    public static int Bits(HashAlphabet alphabet, int length) => alphabet switch
    {
        HashAlphabet.Hex => 4 * length,
        HashAlphabet.Base32 => 5 * length,
        _ => (int)(length * 5.954196310386876),
    };

    /// <summary>Writes <c>destination.Length</c> characters (at most <see cref="MaxLength"/>) from <paramref name="h1"/> then <paramref name="h2"/>.</summary>
    public static void Render(HashAlphabet alphabet, ulong h1, ulong h2, Span<char> destination)
    {
        var perWord = CharsPerWord(alphabet);
        var first = Math.Min(perWord, destination.Length);
        RenderWord(alphabet, h1, destination[..first]);
        if (destination.Length > first) RenderWord(alphabet, h2, destination[first..]);
    }

    private static void RenderWord(HashAlphabet alphabet, ulong word, Span<char> destination)
    {
        switch (alphabet)
        {
            case HashAlphabet.Hex:
                for (var i = 0; i < destination.Length; i++, word >>= 4) destination[i] = Hex[(int)(word & 15)];
                break;
            case HashAlphabet.Base32:
                for (var i = 0; i < destination.Length; i++, word >>= 5) destination[i] = Base32[(int)(word & 31)];
                break;
            default:
                for (var i = 0; i < destination.Length; i++, word /= 62) destination[i] = Base62[(int)(word % 62)];
                break;
        }
    }
}
