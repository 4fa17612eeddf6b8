using Obscura.Core.Discovery.Detection;

namespace Obscura.Core.Tests.Discovery.Detection;

public sealed class NameRulesTests
{
    /// <summary>The strongest kind a column name points to (score 0.5 or more), or null.</summary>
    private static string? Kind(string column, string table = "record")
    {
        var role = TableRoles.Classify(IdentifierTokenizer.Tokenize(table));
        var matches = NameRules.Match(IdentifierTokenizer.Tokenize(column), role);
        return matches.Count > 0 && matches[0].Score >= 0.5 ? ColumnKinds.Name(matches[0].Kind) : null;
    }

    [Theory]
    [InlineData("first_name", "customer", "first_name")]
    [InlineData("FirstName", "Employee", "first_name")]
    [InlineData("fname", "users", "first_name")]
    [InlineData("nm_first", "patient", "first_name")]
    [InlineData("given_name", "person", "first_name")]
    [InlineData("middle_name", "person", "first_name")]
    [InlineData("Vorname", "kunden", "first_name")]
    [InlineData("last_name", "customer", "last_name")]
    [InlineData("surname", "beneficiary", "last_name")]
    [InlineData("lname", "staff", "last_name")]
    [InlineData("maiden_name", "person", "last_name")]
    [InlineData("full_name", "staff", "full_name")]
    [InlineData("ContactName", "Suppliers", "full_name")]
    [InlineData("customer_name", "orders", "full_name")]
    [InlineData("name", "customer", "full_name")]
    [InlineData("name", "employees", "full_name")]
    [InlineData("display_name", "accounts", "full_name")]
    [InlineData("email", "customer", "email")]
    [InlineData("e_mail_addr", "contacts", "email")]
    [InlineData("EmailAddress", "Person", "email")]
    [InlineData("mail_id", "students", "email")]
    [InlineData("phone_number", "customer", "phone")]
    [InlineData("mob_no", "beneficiary", "phone")]
    [InlineData("mobile_no", "beneficiary", "phone")]
    [InlineData("contact_no", "patients", "phone")]
    [InlineData("HomePhone", "Employees", "phone")]
    [InlineData("Fax", "Customer", "phone")]
    [InlineData("dob", "patient", "date_of_birth")]
    [InlineData("Date Of Birth", "patient", "date_of_birth")]
    [InlineData("BirthDate", "Employee", "date_of_birth")]
    [InlineData("birthday", "users", "date_of_birth")]
    [InlineData("address", "customer", "street_address")]
    [InlineData("address2", "address", "street_address")]
    [InlineData("ShipAddress", "Orders", "street_address")]
    [InlineData("address_line_1", "client", "street_address")]
    [InlineData("zip", "customer", "postal_code")]
    [InlineData("zipcode", "customer", "postal_code")]
    [InlineData("pincode", "beneficiary", "postal_code")]
    [InlineData("PostalCode", "Customer", "postal_code")]
    [InlineData("ssn", "employee", "ssn")]
    [InlineData("social_security_number", "employee", "ssn")]
    [InlineData("aadhar", "beneficiary", "national_id")]
    [InlineData("aadhaar_no", "beneficiary", "national_id")]
    [InlineData("national_id", "citizen", "national_id")]
    [InlineData("pan_no", "taxpayer", "pan")]
    [InlineData("passport_number", "traveller", "passport")]
    [InlineData("driving_licence_no", "driver", "driver_license")]
    [InlineData("iban", "payee", "iban")]
    [InlineData("card_number", "payment", "card")]
    [InlineData("credit_card", "payment", "card")]
    [InlineData("ip", "sessions", "ip_address")]
    [InlineData("client_ip", "requests", "ip_address")]
    [InlineData("ip_address", "logins", "ip_address")]
    [InlineData("mac_address", "devices", "mac_address")]
    [InlineData("latitude", "visits", "geo_location")]
    [InlineData("lng", "visits", "geo_location")]
    [InlineData("username", "staff", "username")]
    [InlineData("user_name", "accounts", "username")]
    [InlineData("password", "staff", "password")]
    [InlineData("password_hash", "users", "password")]
    [InlineData("photo", "employees", "photo")]
    [InlineData("picture", "staff", "photo")]
    [InlineData("fingerprint", "records", "photo")]
    [InlineData("ben_reg_id", "beneficiary", "person_id")]
    [InlineData("mrn", "admissions", "person_id")]
    public void Names_across_styles_and_languages_point_to_the_kind(string column, string table, string kind) =>
        Assert.Equal(kind, Kind(column, table));

    [Theory]
    [InlineData("shipping_method", "orders")]
    [InlineData("tip", "orders")]
    [InlineData("filename", "documents")]
    [InlineData("file_name", "customer")]
    [InlineData("hostname", "servers")]
    [InlineData("table_name", "audit")]
    [InlineData("name", "genre")]
    [InlineData("Name", "MediaType")]
    [InlineData("name", "category")]
    [InlineData("name", "Artist")]
    [InlineData("name", "facility")]
    [InlineData("CompanyName", "Customers")]
    [InlineData("product_name", "products")]
    [InlineData("state_name", "us_states")]
    [InlineData("address_id", "customer")]
    [InlineData("email_verified", "users")]
    [InlineData("email_template", "campaigns")]
    [InlineData("phone_type", "contacts")]
    [InlineData("phone_country_code", "contacts")]
    [InlineData("birth_place", "person")]
    [InlineData("hire_date", "employee")]
    [InlineData("user_id", "orders")]
    [InlineData("last_login_at", "users")]
    [InlineData("picture", "categories")]
    [InlineData("city", "customer")]
    [InlineData("gender", "customer")]
    [InlineData("zip_file", "uploads")]
    [InlineData("Title", "Album")]
    [InlineData("CustomerId", "Invoice")]
    public void Names_that_only_look_personal_point_to_nothing(string column, string table) =>
        Assert.Null(Kind(column, table));

    [Fact]
    public void The_zip_column_is_a_postal_code_and_never_an_ip_address()
    {
        var kinds = NameRules.Match(IdentifierTokenizer.Tokenize("zip"), TableRole.Person).Select(e => e.Kind).ToList();
        Assert.Contains(ColumnKind.PostalCode, kinds);
        Assert.DoesNotContain(ColumnKind.IpAddress, kinds);
    }

    [Fact]
    public void A_bare_name_in_an_unknown_table_is_weak_evidence_that_values_must_confirm()
    {
        var other = NameRules.Match(["name"], TableRole.Other).Single();
        var person = NameRules.Match(["name"], TableRole.Person).Single();
        Assert.True(other.Score < 0.5);
        Assert.True(person.Score >= 0.7);
        Assert.Empty(NameRules.Match(["name"], TableRole.Thing));
    }

    [Theory]
    [InlineData("customer", TableRole.Person)]
    [InlineData("Employees", TableRole.Person)]
    [InlineData("dept_emp", TableRole.Person)]
    [InlineData("beneficiary", TableRole.Person)]
    [InlineData("customer_type", TableRole.Thing)]
    [InlineData("genre", TableRole.Thing)]
    [InlineData("MediaType", TableRole.Thing)]
    [InlineData("Suppliers", TableRole.Thing)]
    [InlineData("Invoice", TableRole.Other)]
    [InlineData("Order Details", TableRole.Other)]
    public void Table_names_give_the_context(string table, TableRole role) =>
        Assert.Equal(role, TableRoles.Classify(IdentifierTokenizer.Tokenize(table)));
}
