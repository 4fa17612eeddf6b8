using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.TextPii;

public sealed class TextPiiModeTests
{
    private const string Mixed = "Mail priya@gmail.com, call +91 98765 43210, card 4111 1111 1111 1111, PAN ABCPE1234F, IP 10.0.0.1.";

    [Fact]
    public void Mask_mode_stars_letters_and_digits_and_keeps_separators() =>
        Assert.Equal("Mail *****@*****.***, call +** ***** *****, card **** **** **** ****, PAN **********, IP **.*.*.*.",
            TextPiiBind.Scrub(Mixed, "mode", "mask"));

    [Fact]
    public void Tag_mode_names_the_kind() =>
        Assert.Equal("Mail [EMAIL], call [PHONE], card [CARD], PAN [PAN], IP [IP].", TextPiiBind.Scrub(Mixed, "mode", "tag"));

    [Fact]
    public void Tag_mode_names_every_kind() =>
        Assert.Equal("[NATIONAL_ID] [SSN] [IBAN] [IP]",
            TextPiiBind.Scrub("2341 2341 2346 123-45-6789 DE89370400440532013000 2001:db8::1", "mode", "tag"));

    [Fact]
    public void Mask_and_tag_modes_need_no_secret()
    {
        var arguments = new StrategyArguments(new Dictionary<string, object?> { ["mode"] = "tag" });
        Assert.False(TextPiiBind.Strategy.NeedsSecretFor(arguments));
        Assert.True(TextPiiBind.Strategy.NeedsSecretFor(StrategyArguments.Empty));
        var binding = TextPiiBind.For(Columns.Text("body"), ["mode", "mask"]) with { Secret = null };
        Assert.Equal("SSN ***-**-****", TextPiiBind.Strategy.Create(binding).Transform("SSN 123-45-6789"));
    }

    [Fact]
    public void Fake_mode_without_a_secret_is_refused_when_the_transformer_is_created()
    {
        var binding = TextPiiBind.For(Columns.Text("body")) with { Secret = null };
        Assert.Throws<InvalidOperationException>(() => TextPiiBind.Strategy.Create(binding));
    }

    [Fact]
    public void Kinds_limits_what_is_replaced() =>
        Assert.Equal("Mail [EMAIL], call +91 98765 43210, card 4111 1111 1111 1111, PAN ABCPE1234F, IP [IP].",
            TextPiiBind.Scrub(Mixed, "mode", "tag", "kinds", "email, ip"));

    [Fact]
    public void Kinds_can_name_ipv4_alone() =>
        Assert.Equal("[IP] 2001:db8::1", TextPiiBind.Scrub("10.0.0.1 2001:db8::1", "mode", "tag", "kinds", "ipv4"));

    [Fact]
    public void Null_stays_null() => Assert.Null(TextPiiBind.Transformer().Transform(null));

    [Fact]
    public void Text_without_personal_data_is_returned_as_the_same_instance()
    {
        var text = "Nothing to see here: 42 apples on 2024-01-15 at 10:30.";
        Assert.Same(text, TextPiiBind.Transformer().Transform(text));
        Assert.Same(string.Empty, TextPiiBind.Transformer().Transform(string.Empty));
    }

    [Fact]
    public void Text_without_personal_data_allocates_nothing()
    {
        var transformer = TextPiiBind.Transformer();
        var messages = TextPiiCorpus.Messages(200, piiEvery: 0);
        foreach (var m in messages) transformer.Transform(m);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var m in messages) transformer.Transform(m);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Output_fits_the_column_by_falling_back_for_the_items_that_grew()
    {
        const string text = "x@y.io and 4111 1111 1111 1111";
        var column = Columns.Text("body", maxLength: text.Length);
        var output = (string)TextPiiBind.Transformer(column: column).Transform(text)!;
        Assert.True(output.Length <= text.Length, output);
        Assert.StartsWith("*@*.** and ", output, StringComparison.Ordinal);
        Assert.NotEqual("4111 1111 1111 1111", output[^19..]);
        Assert.True(Luhn.IsValid(output[^19..].Replace(" ", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Output_fits_the_column_with_a_tag_when_the_tag_is_shorter()
    {
        const string text = "write to ab.cd@xy.io today";
        var column = Columns.Text("body", maxLength: text.Length);
        var output = (string)TextPiiBind.Transformer(column: column).Transform(text)!;
        Assert.Equal("write to [EMAIL] today", output);
    }

    [Fact]
    public void A_column_with_room_keeps_the_longer_fake()
    {
        const string text = "x@y.io";
        var output = (string)TextPiiBind.Transformer(column: Columns.Text("body", maxLength: 100)).Transform(text)!;
        Assert.Contains("@example.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bare_json_numbers_are_quoted_when_masked_or_tagged_so_the_json_stays_valid()
    {
        const string json = "{\"aadhaar\": 234123412346, \"cards\": [4111111111111111], \"note\": \"call 415-555-0132\"}";
        var column = Columns.Of("doc", TypeClass.Json);
        var tagged = (string)TextPiiBind.Transformer(["mode", "tag"], column).Transform(json)!;
        Assert.Equal("{\"aadhaar\": \"[NATIONAL_ID]\", \"cards\": [\"[CARD]\"], \"note\": \"call [PHONE]\"}", tagged);
        using var _ = JsonDocument.Parse(tagged);
        var faked = (string)TextPiiBind.Transformer(column: column).Transform(json)!;
        using var doc = JsonDocument.Parse(faked);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("aadhaar").ValueKind);
    }

    [Fact]
    public void Escaped_line_breaks_in_json_text_do_not_hide_items() =>
        Assert.Equal("{\"t\":\"a\\n[PHONE]\\t[EMAIL]\"}", TextPiiBind.Scrub("{\"t\":\"a\\n+44 20 7946 0958\\tj@x.org\"}", "mode", "tag"));

    [Fact]
    public void An_unknown_kind_is_a_config_error()
    {
        var d = Assert.Single(TextPiiBind.Validate(["kinds", "email,passport"]).Items);
        Assert.Equal((Severity.Error, DiagnosticCodes.InvalidParameter), (d.Severity, d.Code));
        Assert.Contains("passport", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_locale_is_a_config_error() =>
        Assert.Equal(DiagnosticCodes.ParameterOutOfRange, Assert.Single(TextPiiBind.Validate(["locale", "xx_YY"]).Items).Code);

    [Fact]
    public void An_enum_column_is_refused()
    {
        var column = Columns.Text("state") with { EnumValues = ["open", "closed"] };
        Assert.Equal(DiagnosticCodes.TypeNotAccepted, Assert.Single(TextPiiBind.Validate(column: column).Items).Code);
    }

    [Fact]
    public void The_defaults_validate_cleanly() => Assert.Empty(TextPiiBind.Validate().Items);
}
