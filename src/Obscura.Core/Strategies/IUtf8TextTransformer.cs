namespace Obscura.Core.Strategies;

/// <summary>
/// A transformer of text that can also work on the text's UTF-8 bytes, as a binary wire format carries them, without
/// building a string for the input or the output. The result must be byte for byte the UTF-8 of what
/// <see cref="IColumnTransformer.Transform"/> returns for the same text.
/// </summary>
public interface IUtf8TextTransformer : IColumnTransformer
{
    /// <summary>The most bytes <see cref="TransformUtf8"/> can write for an input of <paramref name="inputBytes"/> bytes.</summary>
    int MaxOutputBytes(int inputBytes);

    /// <summary>
    /// Transforms the UTF-8 text <paramref name="input"/> (not NULL) into <paramref name="output"/> (at least
    /// <see cref="MaxOutputBytes"/> long); returns the bytes written, or -1 when this value must take the ordinary path.
    /// </summary>
    int TransformUtf8(ReadOnlySpan<byte> input, Span<byte> output);
}
