using Obscura.Core.Discovery.Detection;

namespace Obscura.Core.Tests.Discovery.Detection;

public sealed class IdentifierTokenizerTests
{
    [Theory]
    [InlineData("first_name", "first name")]
    [InlineData("FirstName", "first name")]
    [InlineData("firstName", "first name")]
    [InlineData("firstname", "first name")]
    [InlineData("FIRST_NAME", "first name")]
    [InlineData("fname", "first name")]
    [InlineData("nm_first", "name first")]
    [InlineData("Date Of Birth", "date of birth")]
    [InlineData("dateofbirth", "date of birth")]
    [InlineData("DOB", "dob")]
    [InlineData("mob_no", "mobile number")]
    [InlineData("mobileno", "mobile number")]
    [InlineData("contact_no", "contact number")]
    [InlineData("e_mail_addr", "email address")]
    [InlineData("EMailAddress", "email address")]
    [InlineData("emailid", "email id")]
    [InlineData("aadhar_no", "aadhaar number")]
    [InlineData("pincode", "pin code")]
    [InlineData("zipcode", "zip code")]
    [InlineData("SSNNumber", "ssn number")]
    [InlineData("IPAddress", "ip address")]
    [InlineData("ipv4", "ip 4")]
    [InlineData("address2", "address 2")]
    [InlineData("address_line_1", "address line 1")]
    [InlineData("BillingPostalCode", "billing postal code")]
    [InlineData("customers", "customer")]
    [InlineData("beneficiaries", "beneficiary")]
    [InlineData("addresses", "address")]
    [InlineData("Order Details", "order detail")]
    [InlineData("filename", "file name")]
    [InlineData("hostname", "host name")]
    [InlineData("table_name", "table name")]
    [InlineData("username", "username")]
    [InlineData("shipping", "shipping")]
    [InlineData("zip", "zip")]
    [InlineData("Vorname", "first name")]
    [InlineData("prénom", "first name")]
    [InlineData("ben_reg_id", "beneficiary registration id")]
    public void Identifiers_split_into_canonical_words(string identifier, string expected) =>
        Assert.Equal(expected, string.Join(' ', IdentifierTokenizer.Tokenize(identifier)));

    [Fact]
    public void Words_are_never_substrings_of_other_words()
    {
        Assert.DoesNotContain("ip", IdentifierTokenizer.Tokenize("zip"));
        Assert.DoesNotContain("ip", IdentifierTokenizer.Tokenize("shipping_method"));
        Assert.DoesNotContain("ip", IdentifierTokenizer.Tokenize("tip_amount"));
        Assert.DoesNotContain("name", IdentifierTokenizer.Tokenize("rename_log"));
        Assert.DoesNotContain("pan", IdentifierTokenizer.Tokenize("company"));
        Assert.DoesNotContain("pan", IdentifierTokenizer.Tokenize("expand"));
    }

    [Fact]
    public void Empty_names_have_no_words()
    {
        Assert.Empty(IdentifierTokenizer.Tokenize(""));
        Assert.Empty(IdentifierTokenizer.Tokenize("  "));
        Assert.Empty(IdentifierTokenizer.Tokenize(null));
        Assert.Empty(IdentifierTokenizer.Tokenize("___"));
    }
}
