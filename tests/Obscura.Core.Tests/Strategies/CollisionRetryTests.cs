using FsCheck;
using FsCheck.Fluent;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Faker;
using Obscura.Core.Tests.RowStrategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Strategies;

public sealed class CollisionRetryTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, -1)]
    [InlineData(3, 2)]
    [InlineData(4, -2)]
    public void Nudges_alternate_around_the_value(int attempt, long delta)
    {
        Assert.Equal(100L + delta, CollisionNudge.Nudge(100L, attempt, Columns.Integer("n", 32)));
        Assert.Equal(new DateOnly(2020, 1, 10).AddDays((int)delta), CollisionNudge.Nudge(new DateOnly(2020, 1, 10), attempt, Columns.Of("d", TypeClass.Date)));
        Assert.Equal(new DateTime(2020, 1, 10, 8, 0, 0).AddSeconds(delta), CollisionNudge.Nudge(new DateTime(2020, 1, 10, 8, 0, 0), attempt, Columns.Of("t", TypeClass.DateTime)));
    }

    [Fact]
    public void Nudges_respect_the_column_range_and_scale()
    {
        var tiny = Columns.Integer("n", 8);
        Assert.Null(CollisionNudge.Nudge(127L, 1, tiny));
        Assert.Equal(126L, CollisionNudge.Nudge(127L, 2, tiny));
        var money = new Column { Name = "m", DeclaredType = "numeric(5,2)", TypeClass = TypeClass.Decimal, Precision = 5, Scale = 2 };
        Assert.Equal(10.01m, CollisionNudge.Nudge(10.00m, 1, money));
        Assert.Null(CollisionNudge.Nudge(999.99m, 1, money));
        Assert.Null(CollisionNudge.Nudge("text", 1, Columns.Text("t")));
    }

    [Fact]
    public void Float_nudges_move_in_the_column_precision()
    {
        var single = new Column { Name = "f", DeclaredType = "real", TypeClass = TypeClass.Float, Precision = 24 };
        var next = (double)CollisionNudge.Nudge(1.5d, 1, single)!;
        Assert.NotEqual(1.5f, (float)next);
    }

    [Fact]
    public void Faker_retries_are_deterministic_different_and_fit_the_column()
    {
        var faker = (ICollisionRetry)FakerBind.Transformer("city", Columns.Text("city", 12), unique: true);
        var first = ((IColumnTransformer)faker).Transform("Pune");
        var seen = new HashSet<object?> { first };
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var alt = faker.Retry("Pune", first, attempt, null);
            Assert.Equal(alt, faker.Retry("Pune", first, attempt, null));
            Assert.True(((string)alt!).Length <= 12);
            seen.Add(alt);
        }
        Assert.True(seen.Count >= 4, "retries should mostly give other cities");
    }

    [Fact]
    public void Text_hash_retries_give_other_hashes_of_the_same_shape()
    {
        var hash = Bind.Transformer("hash", Columns.Text("code", 6));
        var first = (string)hash.Transform("A-1")!;
        var alt = (string)((ICollisionRetry)hash).Retry("A-1", first, 1, null)!;
        Assert.Equal(first.Length, alt.Length);
        Assert.NotEqual(first, alt);
    }

    [Fact]
    public void Scramble_retries_reorder_the_same_characters()
    {
        var scramble = Bind.Transformer("scramble", Columns.Text("code"));
        var alt = (string)((ICollisionRetry)scramble).Retry("abcdef", scramble.Transform("abcdef"), 1, null)!;
        Assert.Equal("abcdef", string.Concat(alt.Order()));
        Assert.Null(((ICollisionRetry)scramble).Retry("a", "a", 1, null));
    }

    [Theory]
    [InlineData("ravi.kumar@example.org", 1, null, "ravi.kumar2@example.org")]
    [InlineData("ravi.kumar@example.org", 9, null, "ravi.kumar10@example.org")]
    [InlineData("RK-77", 2, null, "RK-773")]
    [InlineData("ravi.kumar@example.org", 1, 20, "ravi.ku2@example.org")]
    public void Template_retries_number_the_duplicate_like_people_do(string produced, int attempt, int? maxLength, string expected)
    {
        var email = Columns.Text("email", maxLength);
        var template = (ICollisionRetry)RowBind.Create("template", email, ["template", "{email}"], [email]);
        Assert.Equal(expected, template.Retry("x", produced, attempt, null));
    }

    [Fact]
    public void Distinct_inputs_stay_distinct_with_fingerprints_and_retries() =>
        // The engine's loop in miniature: a faker kind with a list of a few hundred on a unique column.
        Prop.ForAll(Gen.Choose(50, 300).ToArbitrary(), count =>
        {
            var faker = FakerBind.Transformer("last_name", Columns.Text("surname", 40), unique: true);
            var retry = (ICollisionRetry)faker;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < count; i++)
            {
                var input = "input-" + i;
                var value = (string)faker.Transform(input)!;
                for (var attempt = 1; !seen.Add(value) && attempt <= 100; attempt++)
                    value = (string)retry.Retry(input, value, attempt, null)!;
            }
            return seen.Count == count;
        }).QuickCheckThrowOnFailure();
}
