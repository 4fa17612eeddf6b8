using System.Collections.Frozen;

namespace Obscura.Core.Discovery.Detection;

/// <summary>What a table's rows are about, judged from its name: the context that tells <c>customer.name</c> from <c>genre.name</c>.</summary>
public enum TableRole
{
    /// <summary>Nothing in the name says: orders, invoices, events, links.</summary>
    Other,
    /// <summary>Rows are people: customer, employee, staff, patient, beneficiary, user, member, actor...</summary>
    Person,
    /// <summary>Rows are organisations, places or things: supplier, facility, store, category, genre, product, film...</summary>
    Thing,
}

/// <summary>Classifies table names into <see cref="TableRole"/>s.</summary>
public static class TableRoles
{
    private static readonly FrozenSet<string> PersonWords = new[]
    {
        "customer", "client", "employee", "staff", "person", "user", "member", "patient", "beneficiary", "student", "pupil", "applicant",
        "candidate", "contact", "actor", "author", "citizen", "resident", "passenger", "guest", "subscriber", "worker", "volunteer", "donor",
        "teacher", "doctor", "nurse", "physician", "owner", "tenant", "borrower", "driver", "rider", "traveller", "traveler", "visitor",
        "individual", "profile", "voter", "consumer", "buyer", "recipient", "agent", "lead", "prospect", "player", "athlete", "parent",
        "child", "spouse", "guardian", "dependent", "dependant", "insured", "policyholder", "claimant", "participant", "respondent", "attendee",
        "speaker", "instructor", "trainer", "coach", "faculty", "alumnus", "alumni", "learner", "personnel", "shareholder", "investor",
        "account", "accountholder", "holder", "nominee", "kin", "family", "household", "human", "people", "hr", "payroll", "cardholder",
        "consultant", "representative", "salesperson", "manager", "admin", "administrator", "operator", "caregiver", "mother", "father",
        "infant", "baby", "newborn", "mentor", "intern", "trainee", "freelancer", "contractor", "vendor_contact", "emergency",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> ThingWords = new[]
    {
        "company", "supplier", "vendor", "shipper", "carrier", "facility", "store", "shop", "branch", "office", "warehouse", "organization",
        "organisation", "org", "hospital", "clinic", "bank", "department", "category", "genre", "product", "item", "film", "movie",
        "album", "track", "song", "media", "type", "language", "country", "city", "state", "region", "territory", "playlist", "inventory",
        "catalog", "catalogue", "lookup", "code", "status", "tag", "role", "brand", "model", "sku", "currency", "unit", "setting",
        "config", "configuration", "artist", "band", "venue", "site", "building", "room", "asset", "device", "vehicle", "plant", "school",
        "university", "college", "institution", "agency", "partner", "team", "group", "district", "zone", "area", "location", "station",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The role of a table from its name's words; person words win over thing words (<c>customer_type</c> is Thing: the last word decides).</summary>
    public static TableRole Classify(IReadOnlyList<string> tableTokens)
    {
        ArgumentNullException.ThrowIfNull(tableTokens);
        // The head noun is usually last (customer_address is about addresses of customers, customer_type is a lookup).
        for (var i = tableTokens.Count - 1; i >= 0; i--)
        {
            var t = tableTokens[i];
            if (char.IsAsciiDigit(t[0]) || t is "tbl" or "table" or "dim" or "fact" or "stg" or "raw" or "info" or "detail" or "data" or "master" or "list") continue;
            if (PersonWords.Contains(t)) return TableRole.Person;
            if (ThingWords.Contains(t)) return TableRole.Thing;
            // A link table such as dept_emp or film_actor: look at the other words too.
            break;
        }
        foreach (var t in tableTokens) if (PersonWords.Contains(t)) return TableRole.Person;
        return TableRole.Other;
    }

    /// <summary>True when a word names people (used for column names such as <c>customer_name</c>).</summary>
    public static bool IsPersonWord(string word) => PersonWords.Contains(word);

    /// <summary>True when a word names an organisation, place or thing (<c>company_name</c>, <c>product_name</c>).</summary>
    public static bool IsThingWord(string word) => ThingWords.Contains(word);
}
