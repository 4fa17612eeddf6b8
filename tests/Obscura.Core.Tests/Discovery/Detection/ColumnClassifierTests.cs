using System.Globalization;
using Obscura.Core.Discovery;
using Obscura.Core.Discovery.Detection;
using Obscura.Core.Schema;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.Discovery.Detection;

public sealed class ColumnClassifierTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static ColumnClassification Classify(string table, string column, TypeClass type, IEnumerable<object?> values, string? comment = null, string? tableComment = null)
    {
        var col = new Column { Name = column, DeclaredType = type.ToString(), TypeClass = type, Comment = comment };
        var evidence = ValueEvidence.Collect(type, values, Today);
        return ColumnClassifier.Classify(new ColumnContext { TableName = table, TableComment = tableComment, Column = col, Today = Today }, evidence);
    }

    private static IEnumerable<object?> Repeat(int n, Func<int, object?> value) => Enumerable.Range(0, n).Select(value);

    private static readonly string[] Given = ["Priya", "Rahul", "Anita", "James", "Maria", "Wei", "Fatima", "Lucas", "Sophie", "Kwame"];
    private static readonly string[] Family = ["Sharma", "Iyer", "Smith", "Garcia", "Zhang", "Khan", "Silva", "Martin", "Mensah", "Nair"];

    [Fact]
    public void A_named_column_whose_values_agree_is_reported_with_high_confidence()
    {
        var c = Classify("customer", "first_name", TypeClass.Text, Repeat(200, i => Given[i % Given.Length]));
        Assert.Equal(ColumnKind.FirstName, c.Kind);
        Assert.True(c.Confidence > 0.9, c.Evidence);
        Assert.Contains("name:first+name", c.Evidence, StringComparison.Ordinal);
        Assert.Contains("first name (dictionary)", c.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_alone_find_emails_cards_and_ibans_in_oddly_named_columns()
    {
        Assert.Equal(ColumnKind.Email, Classify("t", "c1", TypeClass.Text, Repeat(50, i => $"user{i}@example.org")).Kind);
        Assert.Equal(ColumnKind.Card, Classify("t", "c2", TypeClass.Text, Repeat(50, _ => "4111 1111 1111 1111")).Kind);
        Assert.Equal(ColumnKind.Iban, Classify("t", "c3", TypeClass.Text, Repeat(50, _ => "DE89370400440532013000")).Kind);
        Assert.Equal(ColumnKind.IpAddress, Classify("t", "c4", TypeClass.Text, Repeat(50, i => $"10.0.{i}.1")).Kind);
        var aadhaar = Classify("t", "c5", TypeClass.Text, Repeat(50, i => Aadhaar.Create((23456789000 + i).ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(ColumnKind.NationalId, aadhaar.Kind);
        Assert.True(aadhaar.Indian);
    }

    [Fact]
    public void A_name_contradicted_by_its_values_is_not_reported()
    {
        var c = Classify("orders", "ShipName", TypeClass.Text, Repeat(100, i => $"Vins et alcools Chevalier {i % 3}"));
        Assert.Null(c.Kind);
        var mail = Classify("devices", "mail_server", TypeClass.Text, Repeat(50, i => $"smtp{i}.example.org"));
        Assert.Null(mail.Kind);
    }

    [Fact]
    public void Name_in_a_lookup_table_is_not_personal_but_name_in_a_person_table_is()
    {
        Assert.Null(Classify("genre", "name", TypeClass.Text, ["Rock", "Jazz", "Metal", "Blues", "Latin", "Pop"]).Kind);
        Assert.Equal(ColumnKind.FullName,
            Classify("employee", "name", TypeClass.Text, Repeat(30, i => $"{Given[i % 10]} {Family[(i * 3) % 10]}")).Kind);
    }

    [Fact]
    public void A_bare_name_elsewhere_needs_values_that_are_person_names()
    {
        Assert.Null(Classify("playlist_entry", "name", TypeClass.Text, ["Music", "Movies", "TV Shows", "Audiobooks", "Classical", "Grunge"]).Kind);
        Assert.Equal(ColumnKind.FullName,
            Classify("ticket", "name", TypeClass.Text, Repeat(30, i => $"{Given[i % 10]} {Family[(i * 7) % 10]}")).Kind);
    }

    [Fact]
    public void Birth_dates_are_found_by_name_or_by_plausible_ages_in_person_tables()
    {
        var byName = Classify("patient", "dob", TypeClass.Date, Repeat(100, i => new DateOnly(1940 + i % 70, 1 + i % 12, 1 + i % 28)));
        Assert.Equal(ColumnKind.DateOfBirth, byName.Kind);
        var byValues = Classify("patient", "dt", TypeClass.Date, Repeat(100, i => new DateOnly(1940 + i % 70, 1 + i % 12, 1 + i % 28)));
        Assert.Equal(ColumnKind.DateOfBirth, byValues.Kind);
        var hire = Classify("employee", "hire_date", TypeClass.Date, Repeat(100, i => new DateOnly(1985 + i % 30, 1 + i % 12, 1)));
        Assert.Null(hire.Kind);
        var orders = Classify("orders", "dt", TypeClass.Date, Repeat(100, i => new DateOnly(1940 + i % 70, 1, 1)));
        Assert.Null(orders.Kind);
    }

    [Fact]
    public void Free_text_with_embedded_contacts_or_names_is_reported_as_such()
    {
        var notes = Classify("visit", "notes", TypeClass.Text, Repeat(40, i => i % 2 == 0
            ? $"Called back on +91 98765 4{i:D4} about the results; email sent to p{i}@example.com."
            : "Follow-up advised in two weeks, no change in dosage."));
        Assert.Equal(ColumnKind.FreeText, notes.Kind);
        Assert.Equal(PiiKinds.Email | PiiKinds.Phone, notes.EmbeddedKinds & (PiiKinds.Email | PiiKinds.Phone));
        Assert.False(notes.EmbeddedNames);

        var bios = Classify("employees", "notes", TypeClass.Text, Repeat(10, i => $"{Given[i]} holds a degree in chemistry and joined the company as a sales associate."));
        Assert.Equal(ColumnKind.FreeText, bios.Kind);
        Assert.True(bios.EmbeddedNames);

        var films = Classify("film", "description", TypeClass.Text, Repeat(40, _ => "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in Ancient China"));
        Assert.Null(films.Kind);
    }

    [Fact]
    public void Json_documents_with_personal_keys_are_free_text()
    {
        var c = Classify("events", "payload", TypeClass.Json, Repeat(20, i => $$"""{"customer":{"email":"c{{i}}@example.com","phone":"+44 20 7946 0{{i:D3}}"},"total":12.5}"""));
        Assert.Equal(ColumnKind.FreeText, c.Kind);
        Assert.Contains("JSON", c.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_are_evidence_too()
    {
        var c = Classify("t", "c7", TypeClass.Text, Repeat(30, i => $"{Given[i % 10]}"), comment: "customer's given name");
        Assert.Equal(ColumnKind.FirstName, c.Kind);
    }

    [Fact]
    public void A_table_comment_gives_a_cryptic_table_its_context()
    {
        var names = Repeat(30, i => $"{Given[i % 10]} {Family[(i * 3) % 10]}").ToList();
        Assert.Equal(ColumnKind.FullName, Classify("t_0042", "name", TypeClass.Text, names, tableComment: "Customer master data").Kind);
        Assert.Equal(ColumnKind.FullName, Classify("t_0042", "name", TypeClass.Text, names).Kind); // the values alone suffice here
        Assert.Null(Classify("t_0042", "name", TypeClass.Text, Repeat(30, i => $"Widget {i}"), tableComment: "Customer master data").Kind);
    }

    [Fact]
    public void Columns_of_types_that_cannot_hold_the_kind_are_not_reported()
    {
        Assert.Null(Classify("users", "email_verified", TypeClass.Boolean, [true, false, true]).Kind);
        Assert.Null(Classify("users", "email", TypeClass.Integer, Repeat(20, i => (long)i)).Kind);
    }

    [Fact]
    public void An_empty_column_is_judged_by_its_name()
    {
        var c = Classify("address", "address2", TypeClass.Text, []);
        Assert.Equal(ColumnKind.StreetAddress, c.Kind);
        Assert.Contains("no values sampled", c.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Coordinates_are_found_in_numeric_columns_named_for_them()
    {
        var lat = Classify("visits", "lat", TypeClass.Float, Repeat(50, i => 12.9 + i * 0.0137));
        Assert.Equal(ColumnKind.GeoLocation, lat.Kind);
        Assert.True(lat.IsLatitude);
        Assert.Null(Classify("visits", "lat", TypeClass.Float, Repeat(50, i => 1000.0 + i)).Kind);
    }

    [Fact]
    public void Evidence_never_holds_a_value()
    {
        var values = Repeat(60, i => $"secret.person{i}@example.com").ToList();
        var c = Classify("customer", "email", TypeClass.Text, values);
        foreach (var v in values) Assert.DoesNotContain((string)v!, c.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("@", c.Evidence, StringComparison.Ordinal);
    }
}
