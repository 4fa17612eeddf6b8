using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class RegexTests
{
    private static readonly Column Note = Columns.Text("note");

    [Fact]
    public void Regex_replaces_matches_with_groups_and_keeps_the_rest()
    {
        var phones = RowBind.Create("regex", Note, ["pattern", @"(\d{3})-(?<line>\d{4})", "replacement", "$1-XXXX (was ${line}: no, $$)"]);
        Assert.Equal("call 555-XXXX (was 1234: no, $) now", phones.Transform("call 555-1234 now"));
        Assert.Equal("no digits here", phones.Transform("no digits here"));
    }

    [Fact]
    public void Regex_hash_gives_equal_matches_equal_keyed_hex()
    {
        var ids = RowBind.Create("regex", Note, ["pattern", @"AB\d+", "replacement", "ID-{hash:8}"]);
        var result = (string)ids.Transform("first AB123, then AB123 and AB124.")!;
        var match = System.Text.RegularExpressions.Regex.Match(result, "^first ID-([0-9a-f]{8}), then ID-([0-9a-f]{8}) and ID-([0-9a-f]{8})\\.$");
        Assert.True(match.Success, result);
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value);
        Assert.NotEqual(match.Groups[1].Value, match.Groups[3].Value);
        var other = RowBind.Create("regex", Note, ["pattern", @"AB\d+", "replacement", "ID-{hash:8}"], secret: RowBind.OtherSecret);
        Assert.NotEqual(result, other.Transform("first AB123, then AB123 and AB124."));
        Assert.Matches("^[0-9a-f]{16}$", (string)RowBind.Create("regex", Note, ["pattern", ".+"]).Transform("anything")!);
    }

    [Fact]
    public void Regex_digits_are_keyed_and_as_long_as_the_match()
    {
        var numbers = RowBind.Create("regex", Note, ["pattern", @"\d+", "replacement", "{digits}"]);
        var result = (string)numbers.Transform("acct 0012345678 / pin 42")!;
        Assert.Matches(@"^acct \d{10} / pin \d{2}$", result);
        Assert.NotEqual("acct 0012345678 / pin 42", result);
        Assert.Equal(result, numbers.Transform("acct 0012345678 / pin 42"));
    }

    [Fact]
    public void Regex_results_fit_the_column()
    {
        var shortColumn = Columns.Text("code", maxLength: 10);
        var result = (string)RowBind.Create("regex", shortColumn, ["pattern", "x", "replacement", "{hash:32}"]).Transform("axb")!;
        Assert.Equal(10, result.Length);
        Assert.StartsWith("a", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_reports_an_invalid_pattern_with_the_parsers_message()
    {
        var error = Assert.Single(RowBind.Validate("regex", Note, ["pattern", "(unclosed"]));
        Assert.Equal(DiagnosticCodes.InvalidParameter, error.Code);
        Assert.Contains("not enough )", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(RowBind.Validate("regex", Note, ["pattern", "(a)", "replacement", "${nope}"]), d => d.Message.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("regex", Note, ["pattern", "a", "replacement", "{hash:99}"]), d => d.Code == DiagnosticCodes.InvalidParameter);
    }
}
