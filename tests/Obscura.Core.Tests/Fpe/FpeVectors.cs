namespace Obscura.Core.Tests.Fpe;

/// <summary>Published known-answer vectors for FF1 and FF3-1.</summary>
public static class FpeVectors
{
    /// <summary>Alphabet of the NIST radix-36 samples (numerals 0-35 written 0-9a-z).</summary>
    public const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Alphabet of the ACVP radix-26 groups.</summary>
    public const string Lower26 = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>Alphabet of the ACVP radix-64 groups.</summary>
    public const string Base64Order = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/";

    private const string Key128 = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string Key192 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F";
    private const string Key256 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94";

    /// <summary>
    /// The nine FF1 samples of NIST (Computer Security Resource Center, "Examples with Intermediate Values",
    /// FF1samples.pdf, for SP 800-38G): key, tweak, alphabet, plaintext, ciphertext.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Ff1Samples => new()
    {
        { Key128, "", "0123456789", "0123456789", "2433477484" },                             // Sample #1
        { Key128, "39383736353433323130", "0123456789", "0123456789", "6124200773" },         // Sample #2
        { Key128, "3737373770717273373737", Base36, "0123456789abcdefghi", "a9tv40mll9kdu509eum" }, // Sample #3
        { Key192, "", "0123456789", "0123456789", "2830668132" },                             // Sample #4
        { Key192, "39383736353433323130", "0123456789", "0123456789", "2496655549" },         // Sample #5
        { Key192, "3737373770717273373737", Base36, "0123456789abcdefghi", "xbj3kv35jrawxv32ysr" }, // Sample #6
        { Key256, "", "0123456789", "0123456789", "6657667009" },                             // Sample #7
        { Key256, "39383736353433323130", "0123456789", "0123456789", "1001623463" },         // Sample #8
        { Key256, "3737373770717273373737", Base36, "0123456789abcdefghi", "xs8a0azh2avyalyzuwd" }, // Sample #9
    };

    /// <summary>
    /// FF1 vectors from the NIST ACVP server's AES-FF1 test set
    /// (github.com/usnistgov/ACVP-Server, gen-val/json-files/ACVP-AES-FF1-1.0/internalProjection.json), by test case
    /// id: key, tweak, alphabet, plaintext, ciphertext. They add long strings (halves beyond 64 bits, the
    /// arbitrary-precision path), tweaks up to 16 bytes, radixes 26 and 64, and leading zeros.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Ff1Acvp => new()
    {
        // tgId 1: AES-128, radix 10
        { "CF11A34764AB09FFBF8B8A1660E881A2", "", "0123456789", "0846108952", "7759031405" }, // tcId 1
        { "3544151C9CEB324C3C1ED31ADE99406D", "6CA0E692B2773C7ECA2ECA1E7793DAA1", "0123456789",
            "80013770071781669296061827483885771389518248319371666162", "09295026876845967206918789775693655654016802646140865387" }, // tcId 2
        { "69B78DCE4755CFD6B0D6ED4843B85B0A", "167F4D5BE41F56", "0123456789",
            "78917394023964149540436650710442239", "41453449297956880604605360387505540" }, // tcId 3
        { "A3B6C90EF1C1AD731FBAC8C8EFBAC3EB", "2453", "0123456789",
            "057249080508607460521889373589939900603191", "442602316218708601476550458937068254296180" }, // tcId 5
        { "66CD1402BEB8E109F4C32127BC671612", "", "0123456789",
            "3977633797152882484132285829138398283498299038365691586", "5779864671334843538915338106140220357402582782642380644" }, // tcId 11
        { "9B5E442818C07778533EFD62AA914D7A", "268B31E377BB6D", "0123456789",
            "9570738411829682198611613198941694840574319511372", "0707020758779527000441295842161352064388660355626" }, // tcId 17
        { "B3D3F6EAAC3B7E9C8F9BDF553FB3D8B8", "F113", "0123456789", "862636939368151364394802", "885105163106569140457232" }, // tcId 22
        // tgId 2: AES-128, radix 26
        { "35BB510F46F954E6E30C66B7D2FA740B", "B726CF9FDA21BE995220DA27F9B5E07F", FpeVectors.Lower26,
            "gcxlhzfozazwxyahmbtvuxzuuklqeyzxuiofxtam", "foarmyqmdyhigguanyzprvxbuaocltoyxevynmyu" }, // tcId 27
        { "2EBD386A6ED72105EE38D0C2870669D8", "0C4999DDD8552453F0FF0E", FpeVectors.Lower26,
            "cyzmcmnurlkcyxnojujbfpapjyyarkyhbmvmbf", "wzqqrrmltxyanedsoosgessqazelmxsnvoafgr" }, // tcId 35
        // tgId 3: AES-128, radix 64
        { "D943FA73D0DFBBFE5CBBB51AE1883B1F", "", FpeVectors.Base64Order, "g0mbl8Ztx4", "4NNV4Ujcsq" }, // tcId 51
        { "89D7519CCC4503C8677DA86659C1BD58", "DE11F4D9482BFAE2930E9B0109AB972F", FpeVectors.Base64Order,
            "uW0MALBLj7tiLxlZVCLxHzKpx/KV", "VXD9LcAWGKBXCJhBefiFKytCbss8" }, // tcId 52
        { "CDA2BF89FEBCEA57DC89622EB074E616", "DEE64526", FpeVectors.Base64Order, "stWWxFAGy4HI/d", "MUhwoK1+HQgtOO" }, // tcId 53
        // tgId 13: AES-192, radix 10
        { "9BA21E56DE0D40FB7BAF7F38DDBFC479E95B02BEE8C5257F", "", "0123456789",
            "2180143640160852036692900303251158019759030536", "0842662666945687396824542564771503885579279168" }, // tcId 311
        { "532579B8850AB6993A143E49251E3A10093B583AA6303A54", "", "0123456789",
            "00731696588553053933758655831037934873630797628019", "76451417573540851126042713762965082520702871785742" }, // tcId 319
        // tgId 14: AES-192, radix 26
        { "9EAC5B5B3C7D6E3D68D6F07F6D2A8A357185D66EE74754F2", "FE5F96ABF466726750E5B26BAB81D3C6", FpeVectors.Lower26,
            "tigjdzcfmkigtnyubqlhuhfjoaqhwnmqqxztkgto", "ojfjsxbnbquoiqpkdyvgnahcpnkovketjrshcrgk" }, // tcId 327
        // tgId 15: AES-192, radix 64
        { "67384E02D1DC7126D0EEFCDA6A6D959DFB28D3B2F43EC1AB", "11C6E692B9C8AB815FE5898ECED71FCD", FpeVectors.Base64Order,
            "bVjKDQQcCP8cM+QpR6d5lpTa5mgc", "A/fO79GGUlBLZkP0CXL8h3mf0r9F" }, // tcId 352
    };

    /// <summary>
    /// FF3-1 vectors (56-bit tweaks) from the NIST ACVP server's AES-FF3-1 test set
    /// (github.com/usnistgov/ACVP-Server, gen-val/json-files/ACVP-AES-FF3-1-1.0/internalProjection.json), by test
    /// case id: key, tweak, alphabet, plaintext, ciphertext. Covers AES-128/192/256, radixes 10, 26 and 64, the
    /// shortest and longest lengths, and leading zeros.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Ff31Acvp => new()
    {
        // tgId 1: AES-128, radix 10
        { "AD41EC5D2356DEAE53AE76F50B4BA6D2", "CF29DA1E18D970", "0123456789", "6520935496", "4716569208" },  // tcId 1
        { "3C0ABB8C4D50528320ED6EF4F536371C", "2E0B7EE01C1370", "0123456789",
            "37411281822299620587806308530316674537844784195073078382", "45217408528208365340847148215470453887037524494034613315" }, // tcId 2
        { "A84BB554854DCAB9CBFD9E298001518C", "7A773172C3F0F1", "0123456789", "082360355025", "901934302943" }, // tcId 9
        { "5DF90E69E669581B88351221FD23636A", "640EBCC1091852", "0123456789",
            "383973529234270684083468127778401576", "001456236120632277552824263292735558" }, // tcId 12
        { "205BF0322AC8FBE58DD5F4C929B967FF", "587F204217950C", "0123456789", "91808985919", "14027105769" }, // tcId 24
        // tgId 2: AES-128, radix 26
        { "F078DB4C3105463E559623AB7C2EA29F", "1A3FD500D121E9", Lower26, "aquxxnfnhq", "lkjcjcnohf" }, // tcId 26
        { "C7630C6EE431283365A70B06D3FA6CD8", "9FC475DB5A5824", Lower26,
            "bnlilrtlwmleozfxpddesinwvuqostxzkovolgbe", "bdzzkydglpqydxwndiyakofjrfihynehnycbmxuc" }, // tcId 27
        // tgId 3: AES-128, radix 64
        { "F25F9847BFCE672767C28F75E0C22663", "02E98B70FCADF3", Base64Order, "oUpPhk2jm9", "khz4xTwSnT" }, // tcId 51
        { "786B59C511F71B2E2034FE5B54C0F39C", "95B70373E4DF87", Base64Order,
            "XemT7oMMk1NO2lTm1quMXsVMHhem", "nPPBTwnwHbzuIvKx7ZAwHm6thq3e" }, // tcId 52
        // tgId 4: AES-192, radix 10
        { "A18E99529AAF75F7935AA9B0640B25F0738364FBB8A9B633", "A177F2C5624102", "0123456789", "13236829634", "41200918813" }, // tcId 93
        { "8BCA8E65DF6F06F1E194BD37BBC3503B63E21BA2B033B4C0", "FBF24C80CADCBA", "0123456789",
            "87295344781461808501612996542626737928666925615591299087", "53717248505957813439731274463567138255845901829926811873" }, // tcId 92
        // tgId 5: AES-192, radix 26
        { "ABF2609099D17A8D9CE7340B9D37718FEB116FBA0F995062", "965E3665A67363", Lower26, "xnpkaymwxj", "odzyjsjldd" }, // tcId 101
        // tgId 6: AES-192, radix 64
        { "64B1FFC598E48F9EAD8E1B92C240F4A2B3EF7CAA36E26031", "72881A0647A9A3", Base64Order, "BbaS4fl0i8", "FVQMSgP67P" }, // tcId 126
        { "772BAA324E29E507974B5D80AC6E8FFEFA90FDE07A1AE58D", "950E5C5B8C5CE8", Base64Order,
            "uV0Ee4jfKK7BiiUzG5ugur0krrNW", "qUULPxC59p30OcfK+GEWLPY9duOj" }, // tcId 127
        // tgId 7: AES-256, radix 10
        { "4567672BCE43B94922338FA16B421FCF81AAE0F202DA5BCD4C8EFD869097DC17", "92430092126DAA", "0123456789", "3588314239", "6999297766" }, // tcId 151
        { "2A9A6C4E879A5B5FA96861C8388C2ACCB89B5597144444AD96C8F1BA4709D30E", "676A0C1D745CAB", "0123456789",
            "50156505507058999500133595691014717524220194828240635191", "44710351687030326610831310894502604883198716263639341517" }, // tcId 152
        { "77DDA131DD2A3AB970EAC8C90A01E0E0E3E92EF5674D78809F903CE78A58173F", "5408B1B777AADE", "0123456789",
            "01532613805301886892832449", "80354803035377547468300239" }, // tcId 161
        // tgId 8: AES-256, radix 26
        { "98EF72B4CB9585F6B55A3E3083BDA54AE161E822EB79EE1E9F6012BF1C2AA385", "7D9E02EE1BA963", Lower26, "cpgwnqztxg", "vdnyuqtuta" }, // tcId 176
        // tgId 9: AES-256, radix 64
        { "9618F89241D27101914C980A373C08570832C924D470C65A272BDFEF41AD63A3", "5312C87A81B08E", Base64Order, "ctRF79h/HK", "7Rta7Ppqi8" }, // tcId 201
        { "9407408FD87C0AD608344A9010610E2D422FB305CC4F4FA8B73B5C7F6050B5CA", "5A721F469ED493", Base64Order,
            "Fym7pxazebhQK7atlVi/LRGRex2h", "iAcK0GAFbi1wbqbLmvgn8gagv2Jo" }, // tcId 202
    };
}
