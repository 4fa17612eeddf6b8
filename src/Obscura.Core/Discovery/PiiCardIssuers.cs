namespace Obscura.Core.Discovery;

/// <summary>
/// Issuer prefixes (IIN ranges) and lengths of the card networks a card number must belong to: Visa, Mastercard,
/// American Express, Discover, JCB, Diners Club, UnionPay, Maestro, RuPay and Mir. A Luhn-valid number outside these
/// ranges is not reported, which removes most Luhn-valid order and account numbers.
/// </summary>
internal static class PiiCardIssuers
{
    /// <summary>True when <paramref name="digits"/> (13-19 ASCII digits) starts with a known issuer prefix of that length.</summary>
    public static bool IsKnown(ReadOnlySpan<char> digits)
    {
        var n = digits.Length;
        var p2 = Prefix(digits, 2);
        var p3 = Prefix(digits, 3);
        var p4 = Prefix(digits, 4);
        return digits[0] switch
        {
            '4' => n is 13 or 16 or 19,                                                    // Visa
            '5' => (p2 is >= 51 and <= 55 && n == 16)                                      // Mastercard
                || (p2 is 50 or (>= 56 and <= 58) && n >= 13),                             // Maestro
            '2' => (p4 is >= 2221 and <= 2720 && n == 16)                                  // Mastercard 2-series
                || (p4 is >= 2200 and <= 2204 && n is >= 16 and <= 19),                    // Mir
            '3' => (p2 is 34 or 37 && n == 15)                                             // American Express
                || (p4 is >= 3528 and <= 3589 && n is >= 16 and <= 19)                     // JCB
                || ((p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39) && n is >= 14 and <= 19), // Diners Club
            '6' => (p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65) && n is >= 16 and <= 19 // Discover, RuPay 65
                || (p2 == 62 && n is >= 16 and <= 19)                                      // UnionPay
                || (p2 == 60 && n == 16)                                                   // RuPay
                || (p2 == 67 && n >= 13),                                                  // Maestro
            '8' => p2 is 81 or 82 && n == 16,                                              // RuPay
            _ => false,
        };
    }

    private static int Prefix(ReadOnlySpan<char> digits, int count)
    {
        var v = 0;
        for (var i = 0; i < count; i++) v = v * 10 + (digits[i] - '0');
        return v;
    }
}
