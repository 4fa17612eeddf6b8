using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Obscura.Core.Validation;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Checks of one whole value against a kind of personal data. Checks named <c>Is…</c> with a validator (Luhn and issuer
/// ranges, Verhoeff, mod 97, SSA rules, octet ranges) are strong evidence; <c>Looks…</c> checks only test a shape and
/// confirm what a column's name already says. Inputs are trimmed by the caller. Allocation-light; thread-safe.
/// </summary>
public static class ValueChecks
{
    private static readonly SearchValues<char> PhoneSeparators = SearchValues.Create(" -.()/");
    private static readonly SearchValues<char> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.");
    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Characters of identifiers: ASCII letters, digits, space, dash and slash.</summary>
    internal static readonly SearchValues<char> IdChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -/");

    private static readonly FrozenSet<string> StreetWords = new[]
    {
        "street", "st", "str", "strasse", "road", "rd", "avenue", "ave", "av", "avda", "blvd", "boulevard", "lane", "ln", "drive", "dr",
        "way", "court", "ct", "place", "pl", "square", "sq", "terrace", "crescent", "close", "parkway", "pkwy", "highway", "hwy", "circle",
        "cir", "trail", "row", "alley", "path", "plaza", "nagar", "marg", "colony", "sector", "chowk", "gali", "mohalla", "layout", "cross",
        "main", "block", "phase", "flat", "house", "apt", "apartment", "suite", "floor", "building", "bldg", "tower", "box", "rue", "chemin",
        "allee", "via", "viale", "piazza", "calle", "carrera", "rua", "travessa", "praca", "straat", "laan", "weg", "gasse", "platz", "ring",
        "mall", "park", "road", "estate", "village", "po", "p.o", "unit", "no", "gatan", "vagen", "vej", "gade", "plein", "ul", "ulica",
        "jalan", "soi", "quai", "cours", "impasse", "passage", "km", "nr", "hno", "h.no", "wing", "society", "enclave", "vihar", "puram",
        "peth", "bagh", "ganj", "pur", "abad", "halli", "palya", "wadi",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] StreetSuffixes = ["strasse", "str.", "weg", "gasse", "platz", "allee", "vagen", "gatan", "straat", "laan", "vej", "gade", "nagar", "puram", "pally", "halli"];

    /// <summary>Postal code shapes (A letter, 9 digit) of the countries with the most users.</summary>
    private static readonly FrozenSet<string> PostalShapes = new[]
    {
        "99999", "99999-9999", "999999", "999 999", "9999", "99999-999", "999-9999", "99-999", "9999 AA", "9999AA", "999 99",
        "A9A 9A9", "A9A9A9", "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA", "A999", "AA-99999", "A-9999",
        "9999-999", "AA 999", "AAA 9999", "AA99 A9A9", "A99 A9A9", "999-999", "99 999",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Capitalised words that are given names but mostly ordinary words in prose.
    private static readonly FrozenSet<string> ProseWords = new[]
    {
        "will", "may", "june", "april", "august", "grace", "hope", "joy", "mark", "bill", "rose", "lily", "ruby", "jack", "frank", "art",
        "ray", "sky", "max", "long", "young", "king", "green", "white", "black", "brown", "gray", "grant", "hunter", "mason", "bell",
        "hill", "wood", "stone", "rice", "price", "love", "summer", "autumn", "dawn", "faith", "amber", "jade", "holly", "ivy", "iris",
        "china", "india", "victoria", "florence", "paris", "lee", "page", "cook", "ward", "hall", "lane", "ford", "west", "reed", "rich",
        "chase", "sterling", "london", "jordan", "georgia", "carolina", "virginia", "dallas", "austin", "houston", "lincoln", "washington",
        "jan", "mar", "sat", "sun", "sunny", "om", "sai", "ram", "hari", "raj", "sita", "sam", "ben", "tom", "don", "dan", "al", "ed", "li",
        "ma", "he", "ho", "do", "le", "wu", "ng", "ali", "min", "jun", "ming", "yan", "lan", "mei", "lin", "hu", "ren", "sen", "das", "roy",
        "paul", "peter", "john", "james", "thomas", "simon", "martin", "michel", "andre",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>An email address (the whole value), checked by <see cref="PiiScanner"/>.</summary>
    public static bool IsEmail(ReadOnlySpan<char> value) => IsWhole(value, PiiKind.Email);

    /// <summary>A phone number in an international or grouped national form (the whole value), checked by <see cref="PiiScanner"/>.</summary>
    public static bool IsPhone(ReadOnlySpan<char> value)
    {
        if (IsWhole(value, PiiKind.Phone)) return true;
        // "+" then 8 to 15 digits, possibly grouped: E.164 and its printed forms.
        return value.Length > 0 && value[0] == '+' && LooksLikePhone(value) && CountDigits(value) >= 8;
    }

    /// <summary>
    /// The shape of a phone number: 7 to 15 digits with optional '+', spaces, dashes, dots, slashes or brackets and an
    /// extension (<c>x123</c>, <c>ext. 12</c>); not a date, time, decimal number or a run of one digit.
    /// </summary>
    public static bool LooksLikePhone(ReadOnlySpan<char> value)
    {
        var end = value.Length;
        var ext = value.IndexOfAny('x', 'X', 'e');
        if (ext > 0)
        {
            var tail = value[ext..].TrimStart("xXext.: ");
            foreach (var c in tail) if (!char.IsAsciiDigit(c)) return false;
            end = ext;
        }
        var body = value[..end].TrimEnd();
        if (body.Length < 7 || LooksLikeDate(body)) return false;
        var digits = 0;
        var distinct = 0;
        Span<bool> seen = stackalloc bool[10];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                if (!seen[c - '0']) { seen[c - '0'] = true; distinct++; }
            }
            else if (c == '+') { if (i != 0) return false; }
            else if (!PhoneSeparators.Contains(c)) return false;
        }
        if (digits is < 7 or > 15 || distinct < 3) return false;
        // 12.50 or 1.234.567 are numbers, not phones.
        return !body.Contains('.') || DotsLikePhone(body);
    }

    private static bool DotsLikePhone(ReadOnlySpan<char> body)
    {
        // 555.123.4567: dots between groups of 2 to 4 digits.
        var group = 0;
        var groups = 0;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c)) { group++; continue; }
            if (c == '.')
            {
                if (group is < 2 or > 4) return false;
                groups++;
                group = 0;
            }
        }
        return groups >= 2 && group >= 2;
    }

    /// <summary>A payment card number: 13-19 digits (spaces or dashes allowed), a known issuer range and a valid Luhn digit.</summary>
    public static bool IsCard(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[19];
        return CompactDigits(value, digits, " -", out var n) && n is >= 13 and <= 19
            && Luhn.IsValid(digits[..n]) && PiiCardIssuers.IsKnown(digits[..n]);
    }

    /// <summary>An IBAN with a registered country length and valid mod-97 check digits (electronic or printed form).</summary>
    public static bool IsIban(ReadOnlySpan<char> value)
    {
        if (value.Length is < 15 or > 42) return false;
        Span<char> upper = stackalloc char[value.Length];
        value.ToUpperInvariant(upper);
        return Iban.IsValid(upper);
    }

    /// <summary>A US SSN that follows the issuance rules; <paramref name="dashed"/> tells the printed form from nine plain digits (weak alone).</summary>
    public static bool IsSsn(ReadOnlySpan<char> value, out bool dashed)
    {
        dashed = value.Length == 11 && value[3] is '-' or ' ' && value[6] == value[3];
        if (dashed)
        {
            Span<char> d = stackalloc char[11];
            value.CopyTo(d);
            d[3] = '-';
            d[6] = '-';
            return UsSsn.IsValid(d);
        }
        return value.Length == 9 && UsSsn.IsValid(value);
    }

    /// <summary>
    /// India's Aadhaar layout: 12 digits, plain or 4-4-4 with spaces or dashes, first digit 2-9. <paramref name="checkDigitValid"/>
    /// tells whether the Verhoeff check digit is right (the layout alone is weak evidence).
    /// </summary>
    public static bool LooksLikeAadhaar(ReadOnlySpan<char> value, out bool checkDigitValid)
    {
        checkDigitValid = false;
        if (value.Length == 14 && !(value[4] is ' ' or '-' && value[9] == value[4])) return false;
        if (value.Length is not (12 or 14)) return false;
        Span<char> digits = stackalloc char[12];
        if (!CompactDigits(value, digits, " -", out var n) || n != 12 || digits[0] is < '2' or > '9') return false;
        checkDigitValid = Aadhaar.IsValid(digits);
        return true;
    }

    /// <summary>India's PAN (<c>AAAPA9999A</c> with a valid holder type), upper or lower case.</summary>
    public static bool IsPan(ReadOnlySpan<char> value)
    {
        if (value.Length != Pan.Length) return false;
        Span<char> upper = stackalloc char[Pan.Length];
        value.ToUpperInvariant(upper);
        return Pan.IsValid(upper);
    }

    /// <summary>A passport-number shape: one or two letters then 6 to 8 digits, or 9 digits (weak alone).</summary>
    public static bool LooksLikePassport(ReadOnlySpan<char> value)
    {
        if (value.Length == 9 && IsAllDigits(value)) return true;
        var letters = 0;
        while (letters < value.Length && char.IsAsciiLetter(value[letters])) letters++;
        var rest = value[letters..];
        return letters is 1 or 2 && rest.Length is >= 6 and <= 8 && IsAllDigits(rest);
    }

    /// <summary>A dotted-quad IPv4 address (each octet 0-255, no leading zeros).</summary>
    public static bool IsIpv4(ReadOnlySpan<char> value)
    {
        if (value.Length is < 7 or > 15) return false;
        var octets = 0;
        var i = 0;
        while (i < value.Length)
        {
            var start = i;
            var n = 0;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                n = n * 10 + (value[i] - '0');
                i++;
            }
            var len = i - start;
            if (len is 0 or > 3 || n > 255 || (len > 1 && value[start] == '0')) return false;
            octets++;
            if (i == value.Length) break;
            if (value[i] != '.' || octets == 4) return false;
            i++;
        }
        return octets == 4 && value[^1] != '.';
    }

    /// <summary>An IPv6 address (full, compressed or with an IPv4 tail).</summary>
    public static bool IsIpv6(ReadOnlySpan<char> value) =>
        value.Length is >= 2 and <= 45 && value.Contains(':') && IPAddress.TryParse(value, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
        && value.IndexOfAnyExcept(Ipv6Chars) < 0;

    /// <summary>A MAC address: six hex pairs separated by ':' or '-', or three groups of four hex digits separated by '.'.</summary>
    public static bool IsMac(ReadOnlySpan<char> value)
    {
        if (value.Length == 17)
        {
            var sep = value[2];
            if (sep is not (':' or '-')) return false;
            for (var i = 0; i < 17; i++)
            {
                if (i % 3 == 2) { if (value[i] != sep) return false; }
                else if (!char.IsAsciiHexDigit(value[i])) return false;
            }
            return true;
        }
        if (value.Length == 14)
        {
            for (var i = 0; i < 14; i++)
            {
                if (i % 5 == 4) { if (value[i] != '.') return false; }
                else if (!char.IsAsciiHexDigit(value[i])) return false;
            }
            return true;
        }
        return false;
    }

    /// <summary>An absolute http(s) or ftp URL, or a <c>www.</c> host.</summary>
    public static bool IsUrl(ReadOnlySpan<char> value)
    {
        if (value.Length < 8 || value.Contains(' ')) return false;
        if (value.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return value.LastIndexOf('.') > 4;
        if (!value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase)) return false;
        return Uri.TryCreate(value.ToString(), UriKind.Absolute, out var uri) && uri.Host.Length > 0;
    }

    /// <summary>
    /// A latitude/longitude pair in one value: <c>12.9716, 77.5946</c>, <c>12.9716 77.5946</c> or WKT <c>POINT(77.5946 12.9716)</c>,
    /// both in range and each with at least two decimals.
    /// </summary>
    public static bool IsGeoPair(ReadOnlySpan<char> value)
    {
        var wkt = value.StartsWith("POINT", StringComparison.OrdinalIgnoreCase);
        if (wkt)
        {
            var open = value.IndexOf('(');
            var close = value.LastIndexOf(')');
            if (open < 0 || close < open) return false;
            value = value[(open + 1)..close];
        }
        var split = value.IndexOfAny(',', ' ', ';');
        if (split <= 0) return false;
        var first = value[..split].Trim();
        var second = value[(split + 1)..].Trim();
        if (!TryCoordinate(first, out var a, out var da) || !TryCoordinate(second, out var b, out var db) || da < 2 || db < 2) return false;
        var (lat, lng) = wkt ? (b, a) : (a, b);
        return Math.Abs(lat) <= 90 && Math.Abs(lng) <= 180 && !(lat == 0 && lng == 0);
    }

    /// <summary>Parses a decimal coordinate and counts its decimals.</summary>
    public static bool TryCoordinate(ReadOnlySpan<char> text, out double value, out int decimals)
    {
        decimals = 0;
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
        var dot = text.IndexOf('.');
        if (dot >= 0) decimals = text.Length - dot - 1;
        return true;
    }

    /// <summary>The number of decimals a coordinate needs to be evidence (whole degrees are not a location).</summary>
    public static int CoordinateDecimals(double value)
    {
        var frac = Math.Abs(value - Math.Truncate(value));
        var d = 0;
        while (frac > 1e-9 && d < 8)
        {
            frac *= 10;
            frac -= Math.Truncate(frac + 1e-9);
            d++;
        }
        return d;
    }

    /// <summary>A date written as text: ISO <c>yyyy-MM-dd</c> (a time may follow), <c>dd/MM/yyyy</c>, <c>MM/dd/yyyy</c>, <c>dd-MM-yyyy</c>, <c>dd.MM.yyyy</c>, <c>yyyy/MM/dd</c>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        if (value.Length < 8) return false;
        if (value.Length > 10 && (value[10] is ' ' or 'T')) value = value[..10];
        if (value.Length != 10) return false;
        if (char.IsAsciiDigit(value[4]) == false && value[4] == value[7] && value[4] is '-' or '/' or '.')
            return TryDate(Number(value[..4]), Number(value.Slice(5, 2)), Number(value.Slice(8, 2)), out date);
        if (value[2] is '-' or '/' or '.' && value[5] == value[2])
        {
            var a = Number(value[..2]);
            var b = Number(value.Slice(3, 2));
            var y = Number(value[6..]);
            return a > 12 ? TryDate(y, b, a, out date) : TryDate(y, a, b, out date) || TryDate(y, b, a, out date);
        }
        return false;
    }

    /// <summary>True when the text is shaped like a date (so digit runs such as 2024-01-05 are not phones).</summary>
    public static bool LooksLikeDate(ReadOnlySpan<char> value) => TryParseDate(value, out _);

    /// <summary>
    /// A street address: a house number and words (<c>47 MySakila Drive</c>, <c>Obere Str. 57</c>, <c>12, MG Road</c>).
    /// <paramref name="streetWord"/> tells whether a street word (Road, Str., Nagar, rue, ...) appears, which makes it strong.
    /// </summary>
    public static bool LooksLikeStreetAddress(ReadOnlySpan<char> value, out bool streetWord)
    {
        streetWord = false;
        if (value.Length is < 5 or > 200 || value.Contains('@') || value.Contains("://", StringComparison.Ordinal)) return false;
        var hasDigit = false;
        var words = 0;
        var longWord = false;
        foreach (var range in value.SplitAny(" ,/#-"))
        {
            var w = value[range].Trim(".()'\"");
            if (w.Length == 0) continue;
            words++;
            if (w.ContainsAnyInRange('0', '9')) hasDigit = true;
            if (w.Length >= 2 && char.IsLetter(w[0]))
            {
                longWord = true;
                var folded = TextFold.Fold(w);
                if (StreetWords.Contains(folded)) streetWord = true;
                foreach (var suffix in StreetSuffixes)
                {
                    if (folded.Length > suffix.Length && folded.EndsWith(suffix, StringComparison.Ordinal)) streetWord = true;
                }
            }
        }
        if (value.Contains("str.", StringComparison.OrdinalIgnoreCase)) streetWord = true;
        if (words is < 2 or > 16) return false;
        if (!longWord) return false;
        return hasDigit || streetWord;
    }

    /// <summary>A postal code of a common national format (US ZIP, India PIN, UK, Canada, Brazil, Japan, Netherlands, ...).</summary>
    public static bool LooksLikePostalCode(ReadOnlySpan<char> value)
    {
        if (value.Length is < 3 or > 10) return false;
        Span<char> shape = stackalloc char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            shape[i] = char.IsAsciiDigit(c) ? '9' : char.IsAsciiLetter(c) ? 'A' : c is ' ' or '-' ? c : '?';
        }
        return PostalShapes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(shape);
    }

    /// <summary>A user-name shape: 3 to 32 letters, digits, dots, dashes or underscores, with a letter, no spaces, not an email.</summary>
    public static bool LooksLikeUsername(ReadOnlySpan<char> value)
    {
        if (value.Length is < 3 or > 32) return false;
        var letter = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetter(c)) letter = true;
            else if (!char.IsAsciiDigit(c) && c is not ('.' or '_' or '-')) return false;
        }
        return letter;
    }

    /// <summary>A stored password: a crypt/bcrypt/argon2/PBKDF2 string, or a hex digest of 32, 40, 64 or 128 characters.</summary>
    public static bool LooksLikePasswordHash(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("$2", StringComparison.Ordinal) || value.StartsWith("$argon2", StringComparison.Ordinal)
            || value.StartsWith("$pbkdf2", StringComparison.Ordinal) || value.StartsWith("pbkdf2", StringComparison.Ordinal)
            || value.StartsWith("$6$", StringComparison.Ordinal) || value.StartsWith("$5$", StringComparison.Ordinal)
            || value.StartsWith("$1$", StringComparison.Ordinal) || value.StartsWith("{SSHA", StringComparison.Ordinal))
            return value.Length >= 20;
        if (value.Length is 32 or 40 or 64 or 128) return value.IndexOfAnyExcept(HexChars) < 0;
        return false;
    }

    /// <summary>Bytes of an image (PNG, JPEG, GIF, BMP, TIFF, WebP) or of an OLE-wrapped picture as Access stores them.</summary>
    public static bool IsImage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4) return false;
        return bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || bytes.StartsWith("GIF8"u8) || bytes.StartsWith("BM"u8) || bytes.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00])
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]) || bytes.StartsWith("RIFF"u8)
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x15, 0x1C]);
    }

    /// <summary>What a value says about being a person's name (see <see cref="NameShape"/>).</summary>
    public static NameShape AnalyzeName(ReadOnlySpan<char> value)
    {
        if (value.Length is < 2 or > 60) return default;
        var words = 0;
        var given = false;
        var family = false;
        var firstGiven = false;
        var lastFamily = false;
        var indian = false;
        var honorificOnly = true;
        string? last = null;
        foreach (var range in value.SplitAny(" ,"))
        {
            var w = value[range].Trim('.');
            if (w.Length == 0) continue;
            foreach (var c in w)
            {
                if (!char.IsLetter(c) && c is not ('\'' or '-' or '.')) return default;
            }
            var folded = TextFold.Fold(w);
            if (PersonNames.IsHonorific(folded)) continue;
            honorificOnly = false;
            // Lower-case words are particles (van, de) unless the whole value is lower case.
            if (char.IsLower(w[0]) && !PersonNames.IsParticle(folded) && value.ContainsAnyInRange('A', 'Z')) return default;
            words++;
            if (words > 5) return default;
            var isGiven = PersonNames.IsGivenFolded(folded);
            var isFamily = PersonNames.IsFamilyFolded(folded);
            if (words == 1) firstGiven = isGiven;
            given |= isGiven;
            family |= isFamily;
            indian |= (isGiven || isFamily) && PersonNames.IsIndian(folded);
            last = folded;
        }
        if (words == 0 || honorificOnly) return default;
        lastFamily = last is not null && PersonNames.IsFamilyFolded(last);
        return new NameShape(true, words, given, family, firstGiven, lastFamily, indian);
    }

    /// <summary>True when a capitalised word of the text is a known given name (names inside prose: biographies, notes).</summary>
    public static bool ContainsGivenName(ReadOnlySpan<char> text)
    {
        foreach (var range in text.SplitAny(" ,.;:()\"'!?\n\r\t"))
        {
            var w = text[range];
            if (w.Length < 3 || !char.IsUpper(w[0]) || (w.Length > 1 && char.IsUpper(w[1]))) continue;
            var folded = TextFold.Fold(w);
            if (!ProseWords.Contains(folded) && PersonNames.IsGivenFolded(folded)) return true;
        }
        return false;
    }

    /// <summary>Digits in the value.</summary>
    public static int CountDigits(ReadOnlySpan<char> value)
    {
        var n = 0;
        foreach (var c in value) if (char.IsAsciiDigit(c)) n++;
        return n;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> value) => value.Length > 0 && value.IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsWhole(ReadOnlySpan<char> value, PiiKind kind) =>
        PiiScanner.Default.TryFind(value, 0, out var span) && span.Kind == kind && span.Start == 0 && span.Length == value.Length;

    private static bool CompactDigits(ReadOnlySpan<char> value, Span<char> into, string separators, out int count)
    {
        count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == into.Length) return false;
                into[count++] = c;
            }
            else if (!separators.Contains(c)) return false;
        }
        return count > 0;
    }

    private static int Number(ReadOnlySpan<char> digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }
}

/// <summary>What <see cref="ValueChecks.AnalyzeName"/> found in one value.</summary>
/// <param name="IsShaped">Letters-only words (1 to 5, honorifics aside), capitalised or all one case: it could be a name.</param>
/// <param name="Words">Words, honorifics not counted.</param>
/// <param name="HasGiven">Some word is a known given name.</param>
/// <param name="HasFamily">Some word is a known family name.</param>
/// <param name="FirstIsGiven">The first word is a known given name.</param>
/// <param name="LastIsFamily">The last word is a known family name.</param>
/// <param name="Indian">A known word comes from the Indian lists.</param>
public readonly record struct NameShape(bool IsShaped, int Words, bool HasGiven, bool HasFamily, bool FirstIsGiven, bool LastIsFamily, bool Indian)
{
    /// <summary>A known name appears.</summary>
    public bool IsKnown => HasGiven || HasFamily;

    /// <summary>Two words or more with a known given first word or family last word: a full name.</summary>
    public bool IsFullName => Words >= 2 && (FirstIsGiven || LastIsFamily);
}
