using Obscura.Core.Schema;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>The inspector on the real sample databases in shared/datasets.</summary>
public sealed class SqliteDatasetTests
{
    private static Table Find(Catalog catalog, string name) => Assert.Single(catalog.Tables, t => t.Name.Name == name);

    [Fact]
    public async Task Chinook_has_eleven_tables_and_eleven_foreign_keys()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.ChinookAsync());
        Assert.Equal(11, catalog.Tables.Count);
        Assert.Equal(11, catalog.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(412, Find(catalog, "Invoice").RowEstimate);
        Assert.Equal(2240, Find(catalog, "InvoiceLine").RowEstimate);
        Assert.Equal(3503, Find(catalog, "Track").RowEstimate);
    }

    [Fact]
    public async Task Chinook_columns_keys_and_indexes_are_read_as_declared()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.ChinookAsync());
        var invoice = Find(catalog, "Invoice");
        Assert.Equal("PK_Invoice", invoice.PrimaryKey!.Name);
        Assert.Equal(["InvoiceId"], invoice.PrimaryKey!.Columns);
        Assert.True(invoice.FindColumn("InvoiceId")!.IsIdentity);
        Assert.Equal(TypeClass.DateTime, invoice.FindColumn("InvoiceDate")!.TypeClass);
        var total = invoice.FindColumn("Total")!;
        Assert.Equal((TypeClass.Decimal, "NUMERIC(10,2)", 10, 2), (total.TypeClass, total.DeclaredType, total.Precision, total.Scale));
        var city = invoice.FindColumn("BillingCity")!;
        Assert.Equal((TypeClass.Text, 40), (city.TypeClass, city.MaxLength));
        var fk = Assert.Single(invoice.ForeignKeys);
        Assert.Equal((new TableName(null, "Customer"), "CustomerId", "CustomerId"), (fk.ReferencedTable, fk.Columns.Single(), fk.ReferencedColumns.Single()));
        Assert.Equal("IFK_InvoiceCustomerId", Assert.Single(invoice.Indexes).Name);

        var employee = Find(catalog, "Employee");
        var self = Assert.Single(employee.ForeignKeys);
        Assert.Equal((new TableName(null, "Employee"), "ReportsTo", "EmployeeId"), (self.ReferencedTable, self.Columns.Single(), self.ReferencedColumns.Single()));
        Assert.Equal(["PlaylistId", "TrackId"], Find(catalog, "PlaylistTrack").PrimaryKey!.Columns);
    }

    [Fact]
    public async Task Sakila_has_sixteen_tables_twenty_two_foreign_keys_views_and_triggers()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.SakilaAsync());
        Assert.Equal(16, catalog.Tables.Count);
        Assert.Equal(22, catalog.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(5, catalog.Views.Count);
        Assert.Equal(30, catalog.Triggers.Count);
        Assert.Equal(599, Find(catalog, "customer").RowEstimate);
        Assert.Equal(16044, Find(catalog, "rental").RowEstimate);
    }

    [Fact]
    public async Task Sakila_named_constraints_checks_and_types_are_read()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.SakilaAsync());
        var film = Find(catalog, "film");
        Assert.Equal(["CHECK_special_features", "CHECK_special_rating"], film.Checks.Select(c => c.Name));
        Assert.Equal("rating in ('G','PG','PG-13','R','NC-17')", film.Checks[1].Expression);
        Assert.Equal(TypeClass.Text, film.FindColumn("description")!.TypeClass); // BLOB SUB_TYPE TEXT has TEXT affinity
        Assert.Equal((TypeClass.Decimal, 4, 2), (film.FindColumn("rental_rate")!.TypeClass, film.FindColumn("rental_rate")!.Precision, film.FindColumn("rental_rate")!.Scale));
        Assert.Equal((TypeClass.Integer, 16), (film.FindColumn("length")!.TypeClass, film.FindColumn("length")!.IntegerBits));
        Assert.Equal(["fk_film_language", "fk_film_language_original"], film.ForeignKeys.Select(f => f.Name));
        Assert.Equal(TypeClass.Binary, Find(catalog, "staff").FindColumn("picture")!.TypeClass);
        Assert.Equal(TypeClass.DateTime, Find(catalog, "rental").FindColumn("rental_date")!.TypeClass);
        var city = Assert.Single(Find(catalog, "city").ForeignKeys);
        Assert.Equal(("fk_city_country", "NO ACTION", "CASCADE"), (city.Name, city.OnDelete, city.OnUpdate));
        Assert.Equal(["store_id", "film_id"], Find(catalog, "inventory").Indexes.Single(i => i.Name == "idx_fk_film_id_store_id").Columns);
    }

    [Fact]
    public async Task Northwind_has_thirteen_tables_thirteen_foreign_keys_and_a_table_name_with_a_space()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.NorthwindAsync());
        Assert.Equal(13, catalog.Tables.Count);
        Assert.DoesNotContain(catalog.Tables, t => t.Name.Name.StartsWith("sqlite_", StringComparison.Ordinal));
        Assert.Equal(13, catalog.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(17, catalog.Views.Count);
        var details = Find(catalog, "Order Details");
        Assert.Same(details, catalog.FindTable("Order Details"));
        Assert.Equal(["OrderID", "ProductID"], details.PrimaryKey!.Columns);
        Assert.Equal(3, details.Checks.Count);
        Assert.Equal("[Discount]>=(0) AND [Discount]<=(1)", details.Checks[0].Expression);
        Assert.Equal(["Orders", "Products"], details.ForeignKeys.Select(f => f.ReferencedTable.Name));
        Assert.True(details.RowEstimate > 2000);
    }

    [Fact]
    public async Task Northwind_autoincrement_keys_blobs_and_dates_are_classified()
    {
        var catalog = await SqliteTestFiles.InspectAsync(await SqliteTestFiles.NorthwindAsync());
        var categories = Find(catalog, "Categories");
        var id = categories.FindColumn("CategoryID")!;
        Assert.Equal((true, "AUTOINCREMENT"), (id.IsIdentity, id.IdentityDefinition));
        Assert.Equal(TypeClass.Binary, categories.FindColumn("Picture")!.TypeClass);
        var employees = Find(catalog, "Employees");
        Assert.Equal(TypeClass.Date, employees.FindColumn("BirthDate")!.TypeClass);
        Assert.Equal("Employees", Assert.Single(employees.ForeignKeys).ReferencedTable.Name);
        Assert.Equal(TypeClass.DateTime, Find(catalog, "Orders").FindColumn("OrderDate")!.TypeClass);
        Assert.Equal(["CustomerID"], Find(catalog, "Customers").PrimaryKey!.Columns);
        Assert.False(Find(catalog, "Customers").FindColumn("CustomerID")!.IsIdentity);
    }
}
