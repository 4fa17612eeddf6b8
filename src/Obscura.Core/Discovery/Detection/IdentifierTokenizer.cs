using System.Collections.Frozen;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Splits table and column names into canonical lower-case words, whatever the naming style: snake_case, camelCase,
/// PascalCase with acronyms (<c>SSNNumber</c>, <c>IPAddress</c>), spaces, digits (<c>address2</c>), glued words
/// (<c>firstname</c>, <c>zipcode</c>, <c>dateofbirth</c>) and common abbreviations or other languages (<c>fname</c>,
/// <c>nm_first</c>, <c>mob_no</c>, <c>e_mail_addr</c>, <c>aadhar</c>, <c>vorname</c>). Detection rules then work on whole
/// words, never on substrings, so <c>zip</c> never contains <c>ip</c> and <c>filename</c> is <c>file</c> + <c>name</c>.
/// </summary>
public static class IdentifierTokenizer
{
    /// <summary>Canonical words of an identifier (empty for an empty name).</summary>
    public static IReadOnlyList<string> Tokenize(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier)) return [];
        var words = new List<string>();
        foreach (var raw in SplitRaw(identifier)) AddWord(TextFold.Fold(raw), words);
        return JoinPairs(words);
    }

    /// <summary>Splits at separators, lower→upper case changes, acronym ends and letter/digit boundaries.</summary>
    private static List<string> SplitRaw(string s)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (start >= 0) parts.Add(s[start..i]);
                start = -1;
                continue;
            }
            if (start < 0)
            {
                start = i;
                continue;
            }
            var p = s[i - 1];
            var boundary =
                (char.IsLower(p) && char.IsUpper(c))
                || (char.IsUpper(p) && char.IsUpper(c) && i + 1 < s.Length && char.IsLower(s[i + 1]))
                || (char.IsDigit(p) != char.IsDigit(c));
            if (boundary)
            {
                parts.Add(s[start..i]);
                start = i;
            }
        }
        if (start >= 0) parts.Add(s[start..]);
        return parts;
    }

    private static void AddWord(string word, List<string> into)
    {
        if (word.Length == 0) return;
        if (char.IsAsciiDigit(word[0]))
        {
            into.Add(word);
            return;
        }
        if (Vocabulary.Expansions.TryGetValue(word, out var direct))
        {
            into.AddRange(direct);
            return;
        }
        var singular = Singular(word);
        if (Vocabulary.Expansions.TryGetValue(singular, out var expanded))
        {
            into.AddRange(expanded);
            return;
        }
        if (Vocabulary.Words.Contains(singular) || singular.Length < 5)
        {
            into.Add(singular);
            return;
        }
        if (SplitGlued(singular) is { } parts)
        {
            foreach (var part in parts) AddWord(part, into);
            return;
        }
        into.Add(singular);
    }

    /// <summary>Drops a plural ending from words of four letters or more (customers, addresses, beneficiaries).</summary>
    internal static string Singular(string w)
    {
        if (w.Length <= 3 || !w.EndsWith('s')) return w;
        if (Vocabulary.Words.Contains(w) || Vocabulary.Expansions.ContainsKey(w)) return w;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith("sses", StringComparison.Ordinal)) return w[..^2];
        if (w.EndsWith("ss", StringComparison.Ordinal) || w.EndsWith("us", StringComparison.Ordinal) || w.EndsWith("is", StringComparison.Ordinal)) return w;
        if (w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal)) return w[..^2];
        return w[..^1];
    }

    /// <summary>The split of a glued word into the fewest known words (each of two letters or more), or null.</summary>
    private static string[]? SplitGlued(string w)
    {
        // best[i]: fewest parts covering w[..i]; from[i]: where the last part starts.
        var n = w.Length;
        var best = new int[n + 1];
        var from = new int[n + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 2; end <= n; end++)
        {
            for (var start = 0; start <= end - 2; start++)
            {
                if (best[start] == int.MaxValue) continue;
                if (!Vocabulary.SplitParts.Contains(w[start..end])) continue;
                if (best[start] + 1 < best[end])
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }
        if (best[n] is int.MaxValue or < 2) return null;
        var parts = new string[best[n]];
        for (int end = n, k = parts.Length - 1; end > 0; k--)
        {
            parts[k] = w[from[end]..end];
            end = from[end];
        }
        return parts;
    }

    /// <summary>Joins word pairs that mean one thing: e + mail, pass + word, sur + name.</summary>
    private static List<string> JoinPairs(List<string> words)
    {
        if (words.Count < 2) return words;
        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (i + 1 < words.Count && Vocabulary.Pairs.TryGetValue((words[i], words[i + 1]), out var joined))
            {
                result.Add(joined);
                i++;
                continue;
            }
            result.Add(words[i]);
        }
        return result;
    }

    /// <summary>The words the tokenizer knows.</summary>
    private static class Vocabulary
    {
        /// <summary>Abbreviations, variants and other languages mapped to canonical words.</summary>
        public static readonly FrozenDictionary<string, string[]> Expansions = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["nm"] = ["name"], ["nme"] = ["name"], ["nam"] = ["name"],
            ["fname"] = ["first", "name"], ["fnm"] = ["first", "name"], ["firstnm"] = ["first", "name"],
            ["lname"] = ["last", "name"], ["lnm"] = ["last", "name"], ["lastnm"] = ["last", "name"],
            ["mname"] = ["middle", "name"], ["uname"] = ["user", "name"], ["usrname"] = ["user", "name"],
            ["forename"] = ["first", "name"], ["givenname"] = ["first", "name"], ["familyname"] = ["last", "name"],
            ["addr"] = ["address"], ["adr"] = ["address"], ["addrs"] = ["address"], ["adress"] = ["address"], ["addres"] = ["address"],
            ["no"] = ["number"], ["num"] = ["number"], ["nbr"] = ["number"], ["nr"] = ["number"], ["numb"] = ["number"], ["nmbr"] = ["number"],
            ["tel"] = ["phone"], ["ph"] = ["phone"], ["phn"] = ["phone"], ["fone"] = ["phone"], ["telephone"] = ["phone"],
            ["telefono"] = ["phone"], ["telefon"] = ["phone"], ["telefone"] = ["phone"], ["telno"] = ["phone", "number"], ["phno"] = ["phone", "number"],
            ["mob"] = ["mobile"], ["mobl"] = ["mobile"], ["celular"] = ["mobile"], ["movil"] = ["mobile"], ["cellphone"] = ["mobile"], ["mobno"] = ["mobile", "number"],
            ["eml"] = ["email"], ["emailid"] = ["email", "id"], ["mailid"] = ["mail", "id"], ["correo"] = ["email"], ["courriel"] = ["email"],
            ["dt"] = ["date"], ["bdate"] = ["birth", "date"], ["bday"] = ["birth", "date"], ["bdt"] = ["birth", "date"], ["birthday"] = ["birth", "date"],
            ["birthdate"] = ["birth", "date"], ["geburtsdatum"] = ["birth", "date"], ["nacimiento"] = ["birth"], ["naissance"] = ["birth"], ["nascimento"] = ["birth"],
            ["fecha"] = ["date"], ["datum"] = ["date"],
            ["postcode"] = ["post", "code"], ["plz"] = ["postal", "code"], ["cep"] = ["postal", "code"],
            ["acct"] = ["account"], ["acc"] = ["account"], ["accnt"] = ["account"],
            ["lat"] = ["latitude"], ["lng"] = ["longitude"], ["lon"] = ["longitude"],
            ["pwd"] = ["password"], ["passwd"] = ["password"], ["pword"] = ["password"], ["pw"] = ["password"],
            ["usr"] = ["user"],
            ["aadhar"] = ["aadhaar"], ["adhaar"] = ["aadhaar"], ["adhar"] = ["aadhaar"], ["aadharcard"] = ["aadhaar", "card"], ["aadhaarcard"] = ["aadhaar", "card"],
            ["pancard"] = ["pan", "card"], ["panno"] = ["pan", "number"], ["macaddress"] = ["mac", "address"], ["macaddr"] = ["mac", "address"],
            ["ipaddress"] = ["ip", "address"], ["ipaddr"] = ["ip", "address"], ["ipv"] = ["ip"],
            ["pic"] = ["picture"], ["pict"] = ["picture"], ["img"] = ["image"],
            ["desc"] = ["description"], ["descr"] = ["description"], ["cmt"] = ["comment"], ["cmnt"] = ["comment"], ["rmk"] = ["remark"],
            ["emp"] = ["employee"], ["empl"] = ["employee"], ["cust"] = ["customer"], ["ben"] = ["beneficiary"], ["bene"] = ["beneficiary"],
            ["reg"] = ["registration"], ["mbr"] = ["member"], ["ids"] = ["id"],
            ["nombre"] = ["name"], ["nom"] = ["name"], ["naam"] = ["name"], ["nome"] = ["name"],
            ["apellido"] = ["last", "name"], ["nachname"] = ["last", "name"], ["cognome"] = ["last", "name"], ["sobrenome"] = ["last", "name"], ["achternaam"] = ["last", "name"],
            ["vorname"] = ["first", "name"], ["prenom"] = ["first", "name"], ["voornaam"] = ["first", "name"],
            ["adresse"] = ["address"], ["direccion"] = ["address"], ["endereco"] = ["address"], ["indirizzo"] = ["address"],
            ["strasse"] = ["street"], ["calle"] = ["street"],
            ["people"] = ["person"], ["persons"] = ["person"], ["staffs"] = ["staff"],
        }.ToFrozenDictionary(StringComparer.Ordinal);

        /// <summary>Whole words kept as they are (never split, never singularized).</summary>
        public static readonly FrozenSet<string> Words = new[]
        {
            "address", "business", "status", "shipping", "membership", "ownership", "relationship", "surname", "gps", "alias", "class",
            "series", "analysis", "address", "access", "process", "success", "express", "christmas", "lens", "canvas", "news",
            "password", "username", "email", "mobile", "phone", "contact", "customer", "employee", "person", "description",
            "latitude", "longitude", "location", "passport", "license", "licence", "national", "security", "social", "billing",
        }.ToFrozenSet(StringComparer.Ordinal);

        /// <summary>Words a glued identifier may be split into (<c>zipcode</c> → zip + code).</summary>
        public static readonly FrozenSet<string> SplitParts = new[]
        {
            "first", "last", "middle", "given", "family", "full", "fore", "maiden", "name", "user", "login", "email", "mail", "address", "addr",
            "phone", "mobile", "cell", "home", "work", "office", "business", "fax", "number", "no", "id", "code", "zip", "postal", "post", "pin",
            "date", "birth", "of", "day", "dob", "street", "line", "city", "state", "country", "contact", "customer", "client", "employee",
            "person", "billing", "bill", "shipping", "ship", "card", "credit", "debit", "account", "bank", "social", "security", "national",
            "passport", "license", "licence", "driver", "driving", "tax", "ip", "lat", "lng", "latitude", "longitude", "geo", "location",
            "pass", "word", "password", "hash", "photo", "picture", "image", "profile", "avatar", "display", "nick", "screen", "file", "host",
            "table", "column", "company", "product", "emergency", "primary", "alt", "personal", "mailing", "residential", "permanent",
            "web", "site", "page", "url", "path", "link", "type", "status", "key", "time", "stamp", "created", "updated", "hire", "order",
            "invoice", "reg", "registration", "member", "holder", "owner", "job", "title", "gender", "year", "month", "support", "rep",
            "to", "from", "by", "at", "on", "is", "has", "unit", "price", "category", "description", "note", "comment", "remark", "text",
            "body", "message", "ssn", "iban", "aadhaar", "aadhar", "region", "courtesy", "reports",
            "extension", "photo", "home", "page", "company", "quantity", "discount", "freight", "required", "shipped", "via", "stock",
            "level", "reorder", "discontinued", "territory", "demographic", "demo", "track", "album", "artist", "genre", "media", "playlist",
            "composer", "total", "rental", "return", "payment", "amount", "staff", "store", "film", "actor", "active", "update", "create",
            "manager", "picture", "original", "language", "release", "rating", "feature", "special", "replacement", "cost", "length",
        }.ToFrozenSet(StringComparer.Ordinal);

        /// <summary>Adjacent words that form one canonical word.</summary>
        public static readonly FrozenDictionary<(string, string), string> Pairs = new Dictionary<(string, string), string>
        {
            [("e", "mail")] = "email",
            [("pass", "word")] = "password",
            [("sur", "name")] = "surname",
            [("pass", "code")] = "passcode",
        }.ToFrozenDictionary();
    }
}
