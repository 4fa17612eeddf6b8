using Obscura.Core.Config;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Tests.Config;

/// <summary>Per-table <c>where</c> and <c>sample</c> (docs/subset.md).</summary>
public sealed class SubsetConfigTests
{
    [Fact]
    public void Where_and_sample_are_read_with_their_lines()
    {
        var config = ConfigLoader.Parse("tables:\n  registry.patient:\n    where: \"ben_reg_id % 10 = 0\"\n  visit:\n    sample: 5%\n  staff:\n    sample: 1000\n  x:\n    sample: 0.25%\n");
        Assert.Equal("ben_reg_id % 10 = 0", config.Tables[0].Where!.Text);
        Assert.Equal(3, config.Tables[0].Where!.Location.Line);
        Assert.Equal(500, config.Tables[1].Sample!.BasisPoints);
        Assert.Equal(5, config.Tables[1].SampleLocation!.Value.Line);
        Assert.Equal(1000, config.Tables[2].Sample!.Rows);
        Assert.Equal(25, config.Tables[3].Sample!.BasisPoints);
        Assert.Null(config.Tables[2].Where);
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("101%")]
    [InlineData("-5")]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("0.001%")]
    public void A_bad_sample_is_an_error_at_its_line(string sample)
    {
        var error = Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse($"tables:\n  visit:\n    sample: \"{sample}\"\n"));
        var d = Assert.Single(error.Diagnostics);
        Assert.Equal((DiagnosticCodes.InvalidSubset, 3), (d.Code, d.Line));
    }

    [Fact]
    public void A_where_that_is_not_a_single_predicate_is_an_error()
    {
        var error = Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse("tables:\n  visit:\n    where: [a, b]\n"));
        var d = Assert.Single(error.Diagnostics);
        Assert.Equal((DiagnosticCodes.WrongShape, "tables.visit.where", 3), (d.Code, d.Path, d.Line));
    }
}
