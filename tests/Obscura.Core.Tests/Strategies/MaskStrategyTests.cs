using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Diagnostics;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Strategies;

public sealed class MaskStrategyTests
{
    private static object? Mask(string? value, params object?[] arguments) => Bind.Transformer("mask", Columns.Text("t"), arguments).Transform(value);

    [Fact]
    public void Mask_keeps_the_last_characters() => Assert.Equal("**** **** 9012", Mask("1234 5678 9012", "keep_last", 4L));

    [Fact]
    public void Mask_keeps_the_first_characters() => Assert.Equal("Sh****", Mask("Sharma", "keep_first", 2L));

    [Fact]
    public void Mask_keeps_separators_by_default() => Assert.Equal("*****@*****.***", Mask("priya@gmail.com"));

    [Fact]
    public void Mask_can_mask_separators_too() => Assert.Equal("***********", Mask("+91 9876543", "keep_separators", false));

    [Fact]
    public void Mask_uses_the_given_character() => Assert.Equal("###-##", Mask("abc-12", "char", "#"));

    [Fact]
    public void Keep_class_turns_digits_into_zeros() => Assert.Equal("A*0-000", Mask("Ab1-234", "keep_first", 1L, "digits", "keep_class"));

    [Fact]
    public void Digits_can_be_kept() => Assert.Equal("**-12", Mask("ab-12", "digits", "keep"));

    [Fact]
    public void Keeping_more_than_the_length_keeps_everything() => Assert.Equal("abc", Mask("abc", "keep_first", 2L, "keep_last", 2L));

    [Fact]
    public void Mask_counts_code_points_so_length_is_preserved() => Assert.Equal("***", Mask("a\U0001D49Cb"));

    [Fact]
    public void Mask_masks_combining_marks() => Assert.Equal("****", Mask("\u0928\u093E\u092E\u093E"));

    [Fact]
    public void Null_stays_null() => Assert.Null(Mask(null));

    [Property(MaxTest = 300)]
    public void Masking_utf8_bytes_gives_the_utf8_of_the_masked_string(NonNull<string> raw, byte first, byte last, bool keepSeparators, byte digits)
    {
        var text = new string(raw.Get.Select(c => (char)(c % 160)).ToArray());
        var mode = (digits % 3) switch { 0 => "mask", 1 => "keep", _ => "keep_class" };
        var transformer = (Obscura.Core.Strategies.IUtf8TextTransformer)Bind.Transformer("mask", Columns.Text("t"),
            ["keep_first", (long)(first % 4), "keep_last", (long)(last % 4), "keep_separators", keepSeparators, "digits", mode]);
        var input = System.Text.Encoding.UTF8.GetBytes(text);
        var output = new byte[transformer.MaxOutputBytes(input.Length)];
        var written = transformer.TransformUtf8(input, output);
        if (written < 0)
        {
            Assert.False(System.Text.Ascii.IsValid(text)); // only non-ASCII text is sent back to the string path
            return;
        }
        Assert.Equal((string)transformer.Transform(text)!, System.Text.Encoding.UTF8.GetString(output, 0, written));
    }

    // ASCII text takes a fast path; a trailing non-ASCII character (kept by keep_last) sends the same text down the
    // code-point path, and both must mask every ASCII character the same way.
    [Property(MaxTest = 300)]
    public void Ascii_fast_path_masks_like_the_code_point_path(NonNull<string> raw, byte first, byte last, bool keepSeparators, byte digits)
    {
        var ascii = new string(raw.Get.Select(c => (char)(c % 128)).ToArray());
        if (ascii.Length == 0) return;
        var mode = (digits % 3) switch { 0 => "mask", 1 => "keep", _ => "keep_class" };
        object?[] Args(int keepLast) => ["keep_first", (long)(first % 4), "keep_last", (long)keepLast, "keep_separators", keepSeparators, "digits", mode];
        var fast = (string)Mask(ascii, Args(last % 4))!;
        var slow = (string)Mask(ascii + "\u00E9", Args(last % 4 + 1))!;
        Assert.Equal(fast + "\u00E9", slow);
    }

    [Fact]
    public void Mask_can_neither_keep_values_distinct_nor_retry()
    {
        var mask = Bind.Registry.Find("mask")!;
        var binding = Bind.For("mask", Columns.Text("email"), unique: true);
        Assert.False(mask.IsInjectiveFor(binding));
        Assert.False(mask.RetriesOnCollision(binding));
    }

    [Fact]
    public void A_mask_char_of_two_characters_is_an_error()
    {
        var bag = new DiagnosticBag();
        Bind.Registry.Find("mask")!.Validate(Bind.For("mask", Columns.Text("t"), ["char", "**"]), "p", bag);
        Assert.Equal(DiagnosticCodes.ParameterOutOfRange, Assert.Single(bag.Items).Code);
    }

    [Fact]
    public void Negative_keep_counts_are_errors()
    {
        var bag = new DiagnosticBag();
        Bind.Registry.Find("mask")!.Validate(Bind.For("mask", Columns.Text("t"), ["keep_first", -1L, "keep_last", -2L]), "p", bag);
        Assert.Equal(2, bag.Items.Count);
    }
}
