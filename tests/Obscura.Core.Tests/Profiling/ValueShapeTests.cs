using FsCheck.Xunit;
using Obscura.Core.Profiling;

namespace Obscura.Core.Tests.Profiling;

public sealed class ValueShapeTests
{
    [Theory]
    [InlineData("+91 98765 43210", "+99 99999 99999")]
    [InlineData("ABCDE1234F", "AAAAA9999A")]
    [InlineData("user42@example.com", "aaaa99@aaaaaaa.aaa")]
    [InlineData("2024-01-31", "9999-99-99")]
    [InlineData("Zoë Ñúñez", "Aaa Aaaaa")]
    [InlineData("tab\there", "aaa aaaa")]
    [InlineData("€5", "?9")]
    [InlineData("", "")]
    public void Short_values_keep_one_shape_character_per_character(string value, string shape) => Assert.Equal(shape, ValueShape.Of(value));

    [Fact]
    public void Long_values_collapse_runs_and_are_cut()
    {
        Assert.Equal("Aa+ a+ a+ a+ a+, a+ a+ a+.", ValueShape.Of("Lorem ipsum dolor sit amet, consectetur adipiscing elit."));
        var shape = ValueShape.Of(string.Concat(Enumerable.Repeat("word 12 ", 40)));
        Assert.Equal(ValueShape.MaxLength, shape.Length);
        Assert.EndsWith("…", shape, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_of_punctuation_alone_does_not_hide_its_value()
    {
        Assert.False(ValueShape.HidesContent("-.-"));
        Assert.True(ValueShape.HidesContent("+99 9"));
    }

    [Property]
    public bool Shapes_contain_no_letter_or_digit_of_the_value_except_A_a_9(string? value)
    {
        var shape = ValueShape.Of(value ?? "");
        return shape.Length <= ValueShape.MaxLength && shape.All(c => !char.IsLetterOrDigit(c) || c is 'A' or 'a' or '9');
    }

    [Property(MaxTest = 500)]
    public bool ASCII_bytes_shape_exactly_as_their_characters(byte[] bytes, bool longValue)
    {
        // Every ASCII byte value, short and long (collapsed) forms alike.
        var ascii = (bytes ?? []).Select(b => (byte)(b & 0x7F)).ToArray();
        if (longValue) ascii = [.. ascii, .. "Lorem ipsum dolor sit amet, 12345 consectetur"u8.ToArray()];
        var text = System.Text.Encoding.ASCII.GetString(ascii);
        Span<char> shape = stackalloc char[ValueShape.MaxLength];
        var length = ValueShape.Write(ascii, shape);
        return shape[..length].SequenceEqual(ValueShape.Of(text));
    }

    [Property(MaxTest = 1000)]
    public bool UTF8_shapes_from_bytes_equal_the_shapes_of_the_decoded_text(string? value, byte[]? ascii, byte length, bool useAscii)
    {
        // Arbitrary text (non-ASCII anywhere, before or after a long value's cut) and pure ASCII of every length 0-80.
        var bytes = useAscii
            ? (ascii ?? []).Select(b => (byte)(b & 0x7F)).Concat("The quick brown fox jumps over 13 lazy dogs; 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray()).Take(length % 81).ToArray()
            : System.Text.Encoding.UTF8.GetBytes(value ?? "");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Span<char> shape = stackalloc char[ValueShape.MaxLength];
        var written = ValueShape.WriteUtf8(bytes, shape);
        if (!System.Text.Ascii.IsValid(bytes)) return written == -1;
        return written >= 0 && shape[..written].SequenceEqual(ValueShape.Of(text));
    }

    [Fact]
    public void A_non_ASCII_character_past_the_cut_of_a_long_value_still_sends_it_to_the_decoding_path()
    {
        var longText = string.Concat(Enumerable.Repeat("ab 12 CD, ", 10));
        Span<char> shape = stackalloc char[ValueShape.MaxLength];
        Assert.Equal(ValueShape.Of(longText).Length, ValueShape.WriteUtf8(System.Text.Encoding.UTF8.GetBytes(longText), shape));
        Assert.Equal(-1, ValueShape.WriteUtf8(System.Text.Encoding.UTF8.GetBytes(longText + "é"), shape));
    }
}
