namespace Obscura.Core.Strategies.Internal;

/// <summary>One non-null input value as the generators see it: its canonical text and that text's UTF-8 bytes.</summary>
internal readonly ref struct FakerInput
{
    /// <summary>Creates the input.</summary>
    public FakerInput(string text, ReadOnlySpan<byte> utf8)
    {
        Text = text;
        Utf8 = utf8;
    }

    /// <summary>Canonical text of the original value (see <see cref="FakerText.Canonical"/>).</summary>
    public string Text { get; }

    /// <summary>UTF-8 bytes of <see cref="Text"/> (what the seed and tag are computed from).</summary>
    public ReadOnlySpan<byte> Utf8 { get; }
}
