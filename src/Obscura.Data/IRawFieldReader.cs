namespace Obscura.Data;

/// <summary>
/// A reader that can hand out a field of the current row in the source engine's own binary wire format, so a
/// target of the same engine and type can copy the bytes as they came instead of decoding and re-encoding them.
/// Transforming readers forward this for the columns they leave alone and answer false for the ones they change.
/// </summary>
public interface IRawFieldReader
{
    /// <summary>The wire format, e.g. <c>postgres-binary</c>; a writer only takes raw fields in its own format.</summary>
    string RawFormat { get; }

    /// <summary>The wire type of a field's raw bytes (e.g. <c>Bigint</c>); a writer copies them only into a column of the same wire type.</summary>
    string RawType(int ordinal);

    /// <summary>
    /// The field's bytes in <see cref="RawFormat"/> (empty and <paramref name="isNull"/> for SQL NULL), valid until
    /// the next read; false when the field is not available raw (then read it through the reader's getters).
    /// </summary>
    bool TryGetRaw(int ordinal, out ReadOnlySpan<byte> bytes, out bool isNull);

    /// <summary>
    /// Whether a field's raw bytes are exactly its text in UTF-8 (PostgreSQL's text, varchar and json wire types), so a
    /// consumer that only looks at the text (a profiler) can read it without building a string per value.
    /// </summary>
    bool IsUtf8Text(int ordinal) => false;
}
