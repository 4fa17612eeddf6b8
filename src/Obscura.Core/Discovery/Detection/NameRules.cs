using System.Collections.Frozen;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Scores a column name's words (from <see cref="IdentifierTokenizer"/>) against each kind of personal data. Rules
/// look at whole words and their combinations, with the table's <see cref="TableRole"/> as context: <c>name</c> alone
/// is a person's name in <c>customer</c>, nothing in <c>genre</c>; <c>file</c> + <c>name</c> is never a person.
/// Words that describe data rather than hold it (<c>email_verified</c>, <c>phone_type</c>, <c>address_id</c>) veto the
/// content kinds.
/// </summary>
public static class NameRules
{
    /// <summary>Words that make a column about the data, not the data (counts, flags, formats, timestamps, keys).</summary>
    private static readonly FrozenSet<string> Meta = Set(
        "count", "cnt", "flag", "type", "status", "verified", "verify", "verification", "valid", "validated", "enabled", "disabled", "opt",
        "optin", "optout", "consent", "format", "template", "length", "len", "domain", "provider", "prefix", "suffix", "label", "sort", "rank",
        "idx", "index", "seq", "sequence", "config", "setting", "policy", "rule", "pattern", "regex", "mask", "masked", "encrypted", "bounce",
        "bounced", "sent", "attempt", "changed", "updated", "created", "modified", "deleted", "at", "by", "is", "has", "can", "allow",
        "allowed", "required", "visible", "hidden", "preference", "pref", "source", "kind", "max", "min", "avg", "total", "limit", "reset",
        "salt", "algorithm", "algo", "strength", "expiry", "expire", "expires", "expiration", "issue", "issued", "place", "country", "region",
        "key", "pk", "fk", "uuid", "guid", "ref", "hashed", "quality", "score", "confidence", "question", "hint", "level", "category",
        "group", "class", "version", "language", "locale");

    /// <summary>Words naming things whose "name" is not a person's.</summary>
    private static readonly FrozenSet<string> NotPersonNames = Set(
        "file", "host", "table", "column", "schema", "db", "database", "server", "domain", "class", "method", "field", "key", "tag", "role",
        "group", "team", "product", "item", "company", "org", "organization", "organisation", "business", "brand", "store", "shop",
        "department", "dept", "city", "country", "state", "region", "street", "category", "genre", "type", "media", "path", "bank", "branch",
        "event", "project", "app", "application", "device", "machine", "node", "queue", "topic", "job", "task", "image", "font", "color",
        "colour", "unit", "plan", "package", "module", "feature", "attribute", "param", "parameter", "variable", "var", "report", "view",
        "index", "constraint", "trigger", "sequence", "function", "procedure", "course", "subject", "program", "campaign", "service",
        "facility", "hospital", "clinic", "school", "college", "university", "vendor", "supplier", "shipper", "carrier", "site", "place",
        "location", "venue", "building", "room", "district", "village", "town", "area", "zone", "territory", "language", "currency",
        "album", "track", "song", "film", "movie", "artist", "band", "playlist", "title", "policy", "account", "drug", "medicine",
        "diagnosis", "test", "lab", "ward", "bed", "model", "make", "sku", "warehouse", "inventory", "office", "division", "section", "zip",
        "file", "display_type", "operator", "network", "carrier", "plan", "asset", "resource", "layer", "sheet", "tab", "page", "menu",
        "button", "alias", "code", "list", "set", "pet", "animal", "breed", "species", "ship_via", "property", "society", "association");

    /// <summary>Words that put a person in front of "name" (<c>customer_name</c>, <c>contact_name</c>).</summary>
    private static readonly FrozenSet<string> PersonQualifiers = Set(
        "full", "complete", "legal", "display", "person", "contact", "customer", "client", "patient", "employee", "member", "student",
        "beneficiary", "staff", "owner", "holder", "cardholder", "spouse", "father", "mother", "parent", "guardian", "nominee", "emergency",
        "kin", "applicant", "candidate", "passenger", "guest", "driver", "rider", "recipient", "doctor", "nurse", "physician", "teacher",
        "agent", "rep", "insured", "husband", "wife", "child", "son", "daughter", "relative", "friend", "referrer", "referee", "sender",
        "receiver", "signatory", "witness", "buyer", "seller", "tenant", "landlord", "borrower", "account_holder", "pupil", "author",
        "actor", "subscriber", "volunteer", "donor", "manager", "supervisor", "approver", "requester", "assignee", "reporter", "caller",
        "visitor", "attendee", "participant", "representative", "salesperson", "worker", "resident", "citizen", "individual", "personal",
        "real", "given", "preferred", "legal");

    private static readonly FrozenSet<string> AddressVeto = Set(
        "ip", "mac", "email", "mail", "web", "url", "http", "server", "host", "remote", "memory", "base", "bit", "wallet", "contract",
        "hardware", "network", "net", "broadcast", "gateway", "proxy", "bluetooth", "wifi", "device", "node", "register", "pointer", "link",
        "socket", "port", "bssid");

    private static readonly FrozenSet<string> AddressQualifiers = Set(
        "line", "street", "home", "residential", "residence", "mailing", "postal", "permanent", "current", "present", "billing", "bill",
        "shipping", "ship", "delivery", "correspondence", "office", "work", "business", "physical", "primary", "secondary", "alternate",
        "alt", "full", "house", "customer", "contact", "personal", "local", "native", "communication");

    private static readonly FrozenSet<string> NationalIdWords = Set("nin", "nino", "nric", "bsn", "pesel", "curp", "dni", "nif", "cnic", "nid", "cpr", "hkid", "sin", "ird");
    private static readonly FrozenSet<string> PhoneWords = Set("phone", "mobile", "fax", "landline", "whatsapp", "cellular", "handy");
    private static readonly FrozenSet<string> PhotoWords = Set("photo", "picture", "avatar", "portrait", "selfie", "headshot", "mugshot", "signature", "fingerprint", "thumbprint", "biometric", "face", "iris", "retina", "photograph");
    private static readonly FrozenSet<string> BiometricWords = Set("selfie", "headshot", "mugshot", "signature", "fingerprint", "thumbprint", "biometric", "face", "iris", "retina", "portrait");
    private static readonly FrozenSet<string> FreeTextWords = Set(
        "note", "comment", "remark", "description", "memo", "message", "body", "text", "bio", "biography", "about", "feedback", "detail",
        "narrative", "summary", "observation", "history", "complaint", "reason", "instruction", "annotation", "content", "story", "review",
        "letter", "transcript", "chat", "conversation", "payload", "json", "data", "metadata", "extra", "attribute", "property", "info");

    /// <summary>Every kind the column's words point to, strongest rule per kind. Empty when the name says nothing.</summary>
    /// <param name="words">Canonical words of the column name.</param>
    /// <param name="role">The table's role.</param>
    /// <param name="fromComment">True for words of a comment: generic rules (a bare "name") are skipped and scores lowered.</param>
    public static IReadOnlyList<NameEvidence> Match(IReadOnlyList<string> words, TableRole role, bool fromComment = false)
    {
        ArgumentNullException.ThrowIfNull(words);
        var found = new Dictionary<ColumnKind, NameEvidence>();
        if (words.Count == 0) return [];
        var w = new Words(words);
        var meta = w.Any(Meta);
        var last = words[^1];
        // customer_id, address_key: keys to other rows, not the data; national_id, tax_id, voter_id are the data.
        var keyLike = (last is "id" or "key" or "pk" or "fk" or "uuid" or "guid" or "ref" || (last == "code" && !w.Has("postal", "post", "zip", "pin")))
                      && !w.Has("national", "tax", "voter", "passport", "aadhaar", "pan", "license", "licence", "ssn", "nin", "uid", "mac");

        void Add(ColumnKind kind, double score, string rule)
        {
            if (fromComment) score *= 0.85;
            if (!found.TryGetValue(kind, out var old) || old.Score < score) found[kind] = new NameEvidence(kind, score, rule);
        }

        // Email, including the Indian "email id"/"mail id" for the address itself.
        var mail = w.Has("email") || (w.Has("mail") && w.Has("address", "id"));
        if (mail && !meta && !w.Has("date", "time", "server", "host", "subject", "body", "template", "campaign", "list", "log"))
            Add(ColumnKind.Email, w.Has("email") ? 0.9 : 0.85, w.Has("email") ? "email" : "mail+address");
        else if (w.Only("mail") && !fromComment) Add(ColumnKind.Email, 0.6, "mail");

        if (!keyLike && !meta)
        {
            // Phone and fax numbers.
            if (w.Any(PhoneWords) && !w.Has("country", "code", "extension", "ext", "model", "brand", "imei", "os", "app", "make", "plan", "carrier", "operator", "network", "device"))
                Add(ColumnKind.Phone, 0.85, string.Join('+', w.Matching(PhoneWords)));
            else if (w.Has("cell") && (w.Has("number") || words.Count == 1 || role == TableRole.Person))
                Add(ColumnKind.Phone, 0.7, "cell");
            else if (w.Has("contact") && w.Has("number"))
                Add(ColumnKind.Phone, 0.8, "contact+number");

            // Dates of birth.
            if (w.Has("dob")) Add(ColumnKind.DateOfBirth, 0.95, "dob");
            else if (w.Has("birth") && !w.Has("place", "city", "country", "town", "location", "certificate", "weight", "order", "state", "name", "registration"))
                Add(ColumnKind.DateOfBirth, 0.95, "birth");
            else if (w.Has("born") && !w.Has("place", "city", "country")) Add(ColumnKind.DateOfBirth, 0.8, "born");

            PersonNameRules(w, words, role, fromComment, Add);
            // ERP-style parties: ship_to, bill_to, sold_to often hold the recipient's name (values must confirm it).
            if (w.Has("to") && w.Has("ship", "bill", "deliver", "delivery", "sold", "send", "consign") && !w.Has("address", "city", "country", "code", "date", "zip", "postal"))
                Add(ColumnKind.FullName, 0.5, string.Join('+', words));

            // Addresses, postal codes.
            if (!w.Any(AddressVeto) && !mail)
            {
                if (w.Has("address") || w.Has("street"))
                {
                    var score = role == TableRole.Thing ? 0.7 : 0.8;
                    if (w.Any(AddressQualifiers)) score += 0.05;
                    Add(ColumnKind.StreetAddress, score, w.Has("address") ? "address" : "street");
                }
                else if (w.Has("house", "flat", "door", "apartment", "apt") && w.Has("number"))
                    Add(ColumnKind.StreetAddress, 0.6, "house+number");
            }
            if (w.Has("file", "archive", "compressed", "compression", "attachment", "blob", "password", "lock", "pin_hash")) { }
            else if ((w.Has("code") && w.Has("postal", "post", "zip", "pin")) || w.Has("zip") || w.Has("zipcode", "pincode", "postcode"))
                Add(ColumnKind.PostalCode, 0.85, w.Has("zip") ? "zip" : w.Has("pin") ? "pin+code" : "postal+code");
            else if (w.Has("postal") && !w.Has("address")) Add(ColumnKind.PostalCode, 0.7, "postal");

            // Government and financial identifiers.
            if (w.Has("ssn") || (w.Has("social") && w.Has("security"))) Add(ColumnKind.Ssn, 0.95, w.Has("ssn") ? "ssn" : "social+security");
            if (w.Has("aadhaar")) Add(ColumnKind.NationalId, 0.95, "aadhaar");
            else if (w.Has("national") && w.Has("id", "number", "identity", "identification", "insurance")) Add(ColumnKind.NationalId, 0.85, "national+id");
            else if (w.Any(NationalIdWords)) Add(ColumnKind.NationalId, 0.8, string.Join('+', w.Matching(NationalIdWords)));
            else if (w.Has("voter") && w.Has("id", "number", "card")) Add(ColumnKind.NationalId, 0.8, "voter+id");
            else if (w.Has("ration") && w.Has("card")) Add(ColumnKind.NationalId, 0.75, "ration+card");
            else if (w.Has("uid") && w.Has("number")) Add(ColumnKind.NationalId, 0.7, "uid+number");
            if (w.Has("pan") && !w.Has("tilt", "zoom", "camera", "x", "y")) Add(ColumnKind.Pan, 0.8, "pan");
            if (w.Has("passport")) Add(ColumnKind.Passport, 0.9, "passport");
            if ((w.Has("driving", "driver") && w.Has("license", "licence", "lic")) || (w.Has("dl") && w.Has("number")))
                Add(ColumnKind.DriverLicense, 0.85, "driver+license");
            if ((w.Has("tax") && w.Has("id", "number", "identification")) || w.Has("tin", "itin", "tfn", "utr"))
                Add(ColumnKind.TaxId, 0.8, "tax+id");
            if (w.Has("iban")) Add(ColumnKind.Iban, 0.95, "iban");
            else if ((w.Has("bank") && w.Has("account")) || (w.Has("account") && w.Has("number") && role == TableRole.Person))
                Add(ColumnKind.BankAccount, 0.75, "bank+account");
            if (w.Has("card") && w.Has("number", "pan") || w.Has("credit", "debit") && w.Has("card") || w.Has("ccn", "cvv", "cvc", "cvv2") || (w.Has("cc") && w.Has("number")))
            {
                if (!w.Has("name", "gift", "sim", "business", "report", "score", "ration", "aadhaar", "id", "loyalty", "library", "key", "access"))
                    Add(ColumnKind.Card, 0.9, "card+number");
            }

            // Network identifiers and locations.
            if (w.Has("ip") && !w.Has("range", "block", "pool", "whitelist", "allowlist", "subnet", "mask", "version", "protocol"))
                Add(ColumnKind.IpAddress, 0.85, "ip");
            else if (w.Has("remote") && w.Has("address")) Add(ColumnKind.IpAddress, 0.75, "remote+address");
            if (w.Has("mac") && w.Has("address", "id")) Add(ColumnKind.MacAddress, 0.85, "mac+address");
            else if (w.Only("mac") || w.Has("bssid")) Add(ColumnKind.MacAddress, 0.5, "mac");
            if (w.Has("latitude", "longitude")) Add(ColumnKind.GeoLocation, 0.8, w.Has("latitude") ? "latitude" : "longitude");
            else if (w.Has("geo", "gps", "geolocation", "coordinate", "coord", "geopoint", "latlng", "latlong")) Add(ColumnKind.GeoLocation, 0.75, "geo");
            else if (w.Only("location", "position", "point", "geom", "geometry", "long")) Add(ColumnKind.GeoLocation, 0.35, words[0]);

            // Accounts.
            if ((w.Has("name") && w.Has("user", "login", "screen", "nick", "account")) || w.Has("username", "nickname"))
                Add(ColumnKind.Username, 0.85, "user+name");
            else if (w.Has("login") && !w.Has("date", "time", "count", "attempt", "last", "first", "ip", "fail", "failed", "success"))
                Add(ColumnKind.Username, 0.75, "login");
            if (w.Has("password", "passcode") || (w.Has("pass") && w.Has("hash")) || (w.Has("secret") && w.Has("answer")) || (w.Has("security") && w.Has("answer")))
                Add(ColumnKind.Password, 0.95, "password");
        }
        else if (w.Has("password", "passcode") && w.Has("hash"))
        {
            Add(ColumnKind.Password, 0.9, "password+hash");
        }

        // Pictures of people, and the paths to them.
        if (w.Any(PhotoWords) && !w.Has("count", "size", "width", "height", "format", "type", "mime", "caption", "credit", "date", "id"))
        {
            var biometric = w.Any(BiometricWords);
            var score = role == TableRole.Person || w.Any(PersonQualifiers) ? 0.85 : biometric ? 0.8 : role == TableRole.Other ? 0.5 : 0;
            if (score > 0) Add(ColumnKind.Photo, score, string.Join('+', w.Matching(PhotoWords)));
        }
        else if (w.Has("image") && role == TableRole.Person && !meta) Add(ColumnKind.Photo, 0.6, "image");

        // Numbers an outside system gave a person: registration, membership, medical record.
        if (w.Has("id", "number", "code", "card") && w.Has("registration", "enrolment", "enrollment", "membership", "mrn", "uhid", "abha", "member", "policy", "insurance", "medical")
            && !w.Has("type", "status", "date", "fee", "plan", "level", "tier"))
            Add(ColumnKind.PersonId, 0.7, string.Join('+', words.Where(x => x is "registration" or "enrolment" or "enrollment" or "membership" or "mrn" or "uhid" or "abha" or "member" or "policy" or "insurance" or "medical")) + "+id");
        else if (w.Has("mrn", "uhid", "abha")) Add(ColumnKind.PersonId, 0.8, "medical record number");

        return [.. found.Values.OrderByDescending(e => e.Score)];
    }

    /// <summary>True when the name suggests free text (notes, comments, description, bio, JSON payload).</summary>
    public static bool IsFreeTextName(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (var word in words) if (FreeTextWords.Contains(word)) return true;
        return false;
    }

    /// <summary>True when the words contain an event word that makes a date not a birth date (hire, created, order...).</summary>
    public static bool IsEventDateName(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (var word in words)
        {
            if (word is "hire" or "hired" or "create" or "created" or "update" or "updated" or "modified" or "modify" or "start" or "end" or "from"
                or "to" or "order" or "ship" or "shipped" or "payment" or "paid" or "rental" or "return" or "last" or "registered" or "registration"
                or "join" or "joined" or "joining" or "visit" or "due" or "expiry" or "expires" or "expiration" or "issue" or "issued" or "valid"
                or "effective" or "since" or "until" or "release" or "invoice" or "required" or "delivery" or "delivered" or "admission" or "discharge"
                or "death" or "deceased" or "termination" or "leave" or "login" or "logout" or "sent" or "received" or "closed" or "opened" or "open"
                or "close" or "approved" or "submitted" or "scheduled" or "appointment" or "booking" or "checkin" or "checkout" or "purchase"
                or "transaction" or "posted" or "published" or "deleted" or "archived" or "at" or "on" or "time" or "timestamp" or "marriage"
                or "anniversary" or "renewal" or "effective" or "prescribed" or "test" or "sample" or "collection" or "report" or "reported")
                return true;
        }
        return false;
    }

    private static void PersonNameRules(Words w, IReadOnlyList<string> words, TableRole role, bool fromComment, Action<ColumnKind, double, string> add)
    {
        var hasName = w.Has("name", "surname");
        if (!hasName || w.Has("user", "login", "screen", "nick", "account", "username", "nickname")) return;
        if (w.Has("surname") || (w.Has("name") && w.Has("last", "family", "sur", "maiden")))
        {
            add(ColumnKind.LastName, 0.9, w.Has("surname") ? "surname" : "last+name");
            return;
        }
        if (w.Has("first", "given", "fore", "christian", "middle"))
        {
            add(ColumnKind.FirstName, 0.9, w.Has("middle") ? "middle+name" : "first+name");
            return;
        }
        var personWord = false;
        foreach (var word in words)
        {
            if (word == "name" || char.IsAsciiDigit(word[0])) continue;
            if (PersonQualifiers.Contains(word) || TableRoles.IsPersonWord(word)) personWord = true;
            else if (NotPersonNames.Contains(word) || TableRoles.IsThingWord(word)) return;
        }
        if (personWord)
        {
            add(ColumnKind.FullName, 0.85, string.Join('+', words.Where(x => x != "name")) + "+name");
            return;
        }
        if (w.Has("ship", "bill", "billing", "shipping", "delivery", "consignee"))
        {
            add(ColumnKind.FullName, 0.5, string.Join('+', words));
            return;
        }
        if (fromComment) return;
        // A bare "name": the table decides.
        var bare = true;
        foreach (var word in words) if (word != "name" && !char.IsAsciiDigit(word[0])) bare = false;
        if (!bare) return;
        if (role == TableRole.Person) add(ColumnKind.FullName, 0.7, "name in a person table");
        else if (role == TableRole.Other) add(ColumnKind.FullName, 0.3, "name");
    }

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Look-ups over one name's words.</summary>
    private readonly struct Words(IReadOnlyList<string> words)
    {
        public bool Has(string a)
        {
            foreach (var x in words) if (x == a) return true;
            return false;
        }

        public bool Has(params ReadOnlySpan<string> any)
        {
            foreach (var x in words)
            {
                foreach (var a in any) if (x == a) return true;
            }
            return false;
        }

        public bool Any(FrozenSet<string> set)
        {
            foreach (var x in words) if (set.Contains(x)) return true;
            return false;
        }

        public IEnumerable<string> Matching(FrozenSet<string> set) => words.Where(set.Contains).Distinct();

        /// <summary>True when the name is just one of these words (digits aside).</summary>
        public bool Only(params ReadOnlySpan<string> any)
        {
            var hit = false;
            foreach (var x in words)
            {
                if (char.IsAsciiDigit(x[0])) continue;
                var match = false;
                foreach (var a in any) if (x == a) match = true;
                if (!match) return false;
                hit = true;
            }
            return hit;
        }
    }
}
