using System.Collections.Concurrent;
using Bogus.Bson;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The data sets of one Bogus locale, read from Bogus' embedded locale database once per process and compiled into
/// <see cref="FakerPool"/>s (immutable, shared by every transformer). Missing data falls back along the chain
/// locale → its language (de_AT → de) → en, as Bogus does.
/// </summary>
internal sealed class FakerLocale
{
    private static readonly Lazy<string[]> AllNames = new(LoadNames);
    private static readonly ConcurrentDictionary<string, Lazy<FakerLocale>> Loaded = new(StringComparer.Ordinal);

    private readonly string[] _chain;
    private readonly Dictionary<string, FakerPool?> _pools = new(StringComparer.Ordinal);

    private FakerLocale(string name)
    {
        Name = name;
        _chain = Chain(name);
        FirstNames = NamePool("first_name");
        LastNames = NamePool("last_name");
        _pools["name.first_name"] = FirstNames;
        _pools["name.last_name"] = LastNames;
        FullNames = Pool("name.name") ?? Compose("name", "#{first_name} #{last_name}");
        JobTitles = Compose("name", "#{name.title.descriptor} #{name.title.level} #{name.title.job}");
        Cities = Require("address.city");
        StreetAddresses = Require("address.street_address");
        States = Require("address.state");
        StateCodes = Pool("address.state_abbr");
        PostalCodes = Require("address.postcode");
        Countries = Require("address.country");
        CountryCodes = Pool("address.country_code");
        CountryCodesAlpha3 = Pool("address.country_code_alpha_3");
        Companies = Require("company.name");
        FreeEmailDomains = Require("internet.free_email");
        DomainSuffixes = Require("internet.domain_suffix");
        PhoneFormats = Require("phone_number.formats");
        LoremWords = Require("lorem.words");
        EmailFirstNames = EmailSafe(FirstNames, static () => Get("en").EmailFirstNames);
        EmailLastNames = EmailSafe(LastNames, static () => Get("en").EmailLastNames);
        EmailDomainSuffixes = EmailSafe(DomainSuffixes, static () => Get("en").EmailDomainSuffixes, keepDots: true);
    }

    /// <summary>Every locale Bogus ships, sorted.</summary>
    public static IReadOnlyList<string> Available => AllNames.Value;

    /// <summary>The locale's Bogus name.</summary>
    public string Name { get; }

    /// <summary>First names (or male and female first names together).</summary>
    public FakerPool FirstNames { get; }
    /// <summary>Last names.</summary>
    public FakerPool LastNames { get; }
    /// <summary>Full-name templates (<c>name.name</c>).</summary>
    public FakerPool FullNames { get; }
    /// <summary>Job titles: descriptor, level, job.</summary>
    public FakerPool JobTitles { get; }
    /// <summary>City names or templates.</summary>
    public FakerPool Cities { get; }
    /// <summary>Street address templates.</summary>
    public FakerPool StreetAddresses { get; }
    /// <summary>States, provinces, regions.</summary>
    public FakerPool States { get; }
    /// <summary>State abbreviations (CA, BY, ...), when the locale or its fallbacks have them.</summary>
    public FakerPool? StateCodes { get; }
    /// <summary>Postcode formats.</summary>
    public FakerPool PostalCodes { get; }
    /// <summary>Country names.</summary>
    public FakerPool Countries { get; }
    /// <summary>ISO 3166 alpha-2 country codes.</summary>
    public FakerPool? CountryCodes { get; }
    /// <summary>ISO 3166 alpha-3 country codes.</summary>
    public FakerPool? CountryCodesAlpha3 { get; }
    /// <summary>Company name templates.</summary>
    public FakerPool Companies { get; }
    /// <summary>Free-mail domains (gmail.com, ...).</summary>
    public FakerPool FreeEmailDomains { get; }
    /// <summary>Top-level domains (com, co.in, ...).</summary>
    public FakerPool DomainSuffixes { get; }
    /// <summary>Phone number formats.</summary>
    public FakerPool PhoneFormats { get; }
    /// <summary>Lorem ipsum words.</summary>
    public FakerPool LoremWords { get; }
    /// <summary>First names folded to lower-case ASCII for emails, user names and URLs (en's when the locale's script is not Latin).</summary>
    public string[] EmailFirstNames { get; }
    /// <summary>Last names folded to lower-case ASCII.</summary>
    public string[] EmailLastNames { get; }
    /// <summary>Domain suffixes restricted to lower-case ASCII.</summary>
    public string[] EmailDomainSuffixes { get; }

    /// <summary>The Bogus name of a requested locale (case-insensitive, '-' or '_'), or null when Bogus has no such locale.</summary>
    public static string? Normalize(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return null;
        var key = requested.Trim().Replace('-', '_');
        foreach (var name in AllNames.Value) if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) return name;
        return null;
    }

    /// <summary>The loaded data of a locale (a name from <see cref="Available"/>); loaded on first use, then shared.</summary>
    public static FakerLocale Get(string locale) =>
        Loaded.GetOrAdd(locale, static l => new Lazy<FakerLocale>(() => new FakerLocale(l), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static string[] LoadNames()
    {
        var names = new List<string>(Bogus.Database.GetAllLocales());
        names.Sort(StringComparer.Ordinal);
        return [.. names];
    }

    private static string[] Chain(string name)
    {
        var chain = new List<string> { name };
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 0 && Normalize(name[..underscore]) is { } language && !chain.Contains(language)) chain.Add(language);
        if (!chain.Contains("en")) chain.Add("en");
        return [.. chain];
    }

    private FakerPool Require(string path) =>
        Pool(path) ?? throw new InvalidOperationException($"Bogus has no '{path}' data for locale '{Name}' or its fallbacks");

    private FakerPool Compose(string category, string template) =>
        FakerTemplate.Parse(template, category, FakerSymbols.Digit, p => Pool(p)) is { } t
            ? new FakerPool(template, [t])
            : throw new InvalidOperationException($"cannot compose '{template}' for locale '{Name}'");

    // Compiles the first locale in the chain whose data set has at least one usable entry.
    private FakerPool? Pool(string path)
    {
        if (_pools.TryGetValue(path, out var cached)) return cached;
        _pools[path] = null; // guards against templates that refer to themselves
        var category = path[..path.IndexOf('.', StringComparison.Ordinal)];
        var symbols = path switch
        {
            "phone_number.formats" => FakerSymbols.Digit | FakerSymbols.NonZeroDigit,
            "address.postcode" => FakerSymbols.Digit | FakerSymbols.Letter,
            _ => FakerSymbols.Digit,
        };
        FakerPool? pool = null;
        foreach (var locale in _chain)
        {
            if (Find(locale, path) is not { } array) continue;
            var items = new List<FakerTemplate>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                var entry = array[i];
                if (entry.ValueType != BValueType.String || string.IsNullOrWhiteSpace(entry.StringValue)) continue;
                if (FakerTemplate.Parse(entry.StringValue, category, symbols, p => Pool(p)) is { } template) items.Add(template);
            }
            if (items.Count == 0) continue;
            pool = new FakerPool(path, [.. items]);
            break;
        }
        _pools[path] = pool;
        return pool;
    }

    // Plain name lists: the locale's key, else its male and female lists together; first locale in the chain with any.
    private FakerPool NamePool(string key)
    {
        foreach (var locale in _chain)
        {
            var values = new List<string>();
            if (!AddStrings(Find(locale, "name." + key), values))
            {
                AddStrings(Find(locale, "name.male_" + key), values);
                AddStrings(Find(locale, "name.female_" + key), values);
            }
            if (values.Count > 0) return FakerPool.OfLiterals("name." + key, values);
        }
        throw new InvalidOperationException($"Bogus has no '{key}' data for locale '{Name}' or its fallbacks");
    }

    private static bool AddStrings(BArray? array, List<string> values)
    {
        if (array is null) return false;
        var added = false;
        for (var i = 0; i < array.Count; i++)
        {
            var entry = array[i];
            if (entry.ValueType != BValueType.String || string.IsNullOrWhiteSpace(entry.StringValue)) continue;
            values.Add(entry.StringValue.Trim());
            added = true;
        }
        return added;
    }

    private static BArray? Find(string locale, string path)
    {
        BValue current = Bogus.Database.GetLocale(locale);
        foreach (var segment in path.Split('.'))
        {
            if (current is not BObject o || !o.ContainsKey(segment)) return null;
            current = o[segment];
        }
        return current is BArray { Count: > 0 } array ? array : null;
    }

    // Lower-case ASCII forms of a plain pool (at least two characters each); the fallback when fewer than 10 survive.
    private static string[] EmailSafe(FakerPool pool, Func<string[]> fallback, bool keepDots = false)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in pool.Items)
        {
            if (item.Literal is not { } literal) continue;
            var folded = keepDots ? AsciiDomain(literal) : FakerText.FoldToAscii(literal);
            if (folded.Length >= 2 && seen.Add(folded)) result.Add(folded);
        }
        return result.Count >= (keepDots ? 1 : 10) ? [.. result] : fallback();
    }

    private static string AsciiDomain(string suffix)
    {
        foreach (var c in suffix) if (c is not (>= 'a' and <= 'z' or '.')) return string.Empty;
        return suffix.Trim('.');
    }
}
