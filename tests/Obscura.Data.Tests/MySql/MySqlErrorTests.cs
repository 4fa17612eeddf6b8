using System.Data.Common;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>Server errors are retold without the row values MariaDB quotes in them.</summary>
public sealed class MySqlErrorTests
{
    private const string Secret = "ravi.kumar.9876@example.in";

    [Fact]
    public async Task A_duplicate_entry_error_names_the_key_but_not_the_value()
    {
        await using var db = await MySqlScratch.CreateAsync("errtext");
        await db.ExecuteAsync("CREATE TABLE people (id int PRIMARY KEY, email varchar(80) NOT NULL, UNIQUE KEY people_email (email))");
        await db.ExecuteAsync($"INSERT INTO people VALUES (1, '{Secret}')");

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.ExecuteAsync($"INSERT INTO people VALUES (2, '{Secret}')"));
        Assert.Contains(Secret, error.Message, StringComparison.Ordinal); // what the server says

        var told = TestDatabases.Registry.DescribeError(error);
        Assert.DoesNotContain(Secret, told, StringComparison.Ordinal);
        Assert.DoesNotContain("ravi", told, StringComparison.Ordinal);
        Assert.Contains("duplicate key value", told, StringComparison.Ordinal);
        Assert.Contains("people_email", told, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_of_other_drivers_keep_their_message()
    {
        var other = new InvalidOperationException("not a database error");
        Assert.Equal("not a database error", TestDatabases.Registry.DescribeError(other));
    }
}
