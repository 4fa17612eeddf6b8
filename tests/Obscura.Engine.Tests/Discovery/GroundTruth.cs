namespace Obscura.Engine.Tests.Discovery;

/// <summary>
/// The personal-data columns of each test database, labelled by hand from the schemas and data before the detector was
/// tuned. What counts (documented in docs/discovery.md):
/// <list type="bullet">
/// <item>names of people (customers, employees, staff, actors, contacts), emails, user names, passwords, photos;</item>
/// <item>contact details wherever they occur: phone and fax numbers, street addresses, postal codes (a supplier or a
/// facility can be a sole trader; a scan cannot tell, so they are labelled personal);</item>
/// <item>dates of birth, national and registration numbers, and any column holding the same values through a foreign key;</item>
/// <item>free text that describes a person (Northwind's employee biographies).</item>
/// </list>
/// Not personal data here: company and organisation names, job titles, cities, states, regions and countries (too coarse
/// alone), gender, hire and creation dates, surrogate keys, prices and amounts, public catalogue credits (Chinook's artist
/// names are mostly bands; composers are public credits), generated clinical notes that name nobody.
/// Keys are "table.column" lower-cased without underscores or spaces, so one list serves snake_case and PascalCase copies.
/// </summary>
internal static class GroundTruth
{
    public static IReadOnlySet<string> Demo { get; } = Set(
        "beneficiary.benregid", "beneficiary.firstname", "beneficiary.surname", "beneficiary.dateofbirth", "beneficiary.mobileno",
        "beneficiary.aadharno", "beneficiary.email", "beneficiary.address", "beneficiary.pincode", "beneficiary.photo",
        "staff.fullname", "staff.email", "staff.phone",
        "facility.pincode", "facility.phone",
        "visit.benregid", "prescription.benregid");

    public static IReadOnlySet<string> Chinook { get; } = Set(
        "customer.firstname", "customer.lastname", "customer.address", "customer.postalcode", "customer.phone", "customer.fax", "customer.email",
        "employee.firstname", "employee.lastname", "employee.birthdate", "employee.address", "employee.postalcode", "employee.phone",
        "employee.fax", "employee.email",
        "invoice.billingaddress", "invoice.billingpostalcode");

    public static IReadOnlySet<string> Northwind { get; } = Set(
        "customers.contactname", "customers.address", "customers.postalcode", "customers.phone", "customers.fax",
        "employees.lastname", "employees.firstname", "employees.birthdate", "employees.address", "employees.postalcode",
        "employees.homephone", "employees.photo", "employees.notes", "employees.photopath",
        "orders.shipaddress", "orders.shippostalcode",
        "shippers.phone",
        "suppliers.contactname", "suppliers.address", "suppliers.postalcode", "suppliers.phone", "suppliers.fax");

    public static IReadOnlySet<string> Employees { get; } = Set("employee.birthdate", "employee.firstname", "employee.lastname");

    public static IReadOnlySet<string> Sakila { get; } = Set(
        "actor.firstname", "actor.lastname",
        "customer.firstname", "customer.lastname", "customer.email",
        "staff.firstname", "staff.lastname", "staff.email", "staff.username", "staff.password", "staff.picture",
        "address.address", "address.address2", "address.postalcode", "address.phone");

    /// <summary>The label key of a column.</summary>
    public static string Key(string table, string column) => Normalize(table) + "." + Normalize(column);

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static HashSet<string> Set(params string[] keys) => new(keys, StringComparer.Ordinal);
}
