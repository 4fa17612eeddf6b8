using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Obscura.Core.Schema;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class ScrambleTests
{
    private static readonly Column Code = Columns.Text("code");

    [Property(MaxTest = 300)]
    public Property Scramble_keeps_the_length_and_the_multiset_of_characters(NonNull<string> input)
    {
        var text = input.Get;
        var result = (string)RowBind.Create("scramble", Code).Transform(text)!;
        return (result.Length == text.Length && Runes(result).SequenceEqual(Runes(text))).Label($"'{text}' became '{result}'");
    }

    [Property(MaxTest = 300)]
    public Property Scramble_with_keep_class_keeps_letters_digits_and_separators_in_place(NonNull<string> input)
    {
        var text = input.Get + "AB-12 cd/34";
        var result = (string)RowBind.Create("scramble", Code, ["keep_class", true]).Transform(text)!;
        var before = Units(text);
        var after = Units(result);
        var same = before.Count == after.Count;
        for (var i = 0; same && i < before.Count; i++)
            same = before[i].Class == after[i].Class && (before[i].Class != 2 || before[i].Text == after[i].Text);
        return (same && Runes(result).SequenceEqual(Runes(text))).Label($"'{text}' became '{result}'");
    }

    [Fact]
    public void Scramble_is_deterministic_keyed_and_actually_shuffles()
    {
        const string text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var first = RowBind.Create("scramble", Code).Transform(text);
        Assert.Equal(first, RowBind.Create("scramble", Code).Transform(text));
        Assert.NotEqual(text, first);
        Assert.NotEqual(first, RowBind.Create("scramble", Code, secret: RowBind.OtherSecret).Transform(text));
        Assert.Null(RowBind.Create("scramble", Code).Transform(null));
    }

    [Fact]
    public void Scramble_keeps_surrogate_pairs_whole()
    {
        const string text = "a😀b😃c🎉d";
        var result = (string)RowBind.Create("scramble", Code).Transform(text)!;
        Assert.Equal(Runes(text), Runes(result));
        foreach (var rune in result.EnumerateRunes()) Assert.NotEqual(Rune.ReplacementChar, rune);
    }

    [Fact]
    public void Scramble_with_keep_class_keeps_the_format_of_a_plate()
    {
        var result = (string)RowBind.Create("scramble", Code, ["keep_class", true]).Transform("KA-01-AB-1234")!;
        Assert.Matches("^[A-Z]{2}-[0-9]{2}-[A-Z]{2}-[0-9]{4}$", result);
    }

    // The sorted UTF-16 code units: equal for equal multisets of characters, lone surrogates included.
    private static List<char> Runes(string s)
    {
        var list = new List<char>(s);
        list.Sort();
        return list;
    }

    // Code points (lone surrogates on their own) with their class: 0 letter, 1 digit, 2 other.
    private static List<(string Text, int Class)> Units(string s)
    {
        var units = new List<(string, int)>();
        for (var i = 0; i < s.Length;)
        {
            var valid = Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done;
            units.Add((s.Substring(i, consumed), !valid ? 2 : Rune.IsLetter(rune) ? 0 : Rune.IsDigit(rune) ? 1 : 2));
            i += consumed;
        }
        return units;
    }
}
