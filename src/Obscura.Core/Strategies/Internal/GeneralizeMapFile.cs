using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The parsed CSV of a <c>generalize</c> map: two columns (value, generalized), an optional header row, RFC 4180
/// quoting (fields in double quotes may hold commas, line breaks and doubled quotes), blank lines ignored, and
/// surrounding spaces of unquoted fields trimmed. Problems are reported by line number, never by content.
/// </summary>
internal sealed class GeneralizeMapFile
{
    private GeneralizeMapFile(List<GeneralizeMapEntry> entries) => Entries = entries;

    /// <summary>The rows, in file order (header excluded).</summary>
    public IReadOnlyList<GeneralizeMapEntry> Entries { get; }

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="FormatException">A row is malformed or a value is mapped twice (the message names the line).</exception>
    public static GeneralizeMapFile Parse(string text, bool header)
    {
        var entries = new List<GeneralizeMapEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = new List<string>(2);
        var field = new StringBuilder();
        var position = 0;
        var line = 1;
        var first = true;
        while (position < text.Length)
        {
            var rowLine = line;
            fields.Clear();
            var blank = ReadRow(text, ref position, ref line, fields, field);
            if (blank) continue;
            if (first && header)
            {
                first = false;
                continue;
            }
            first = false;
            if (fields.Count != 2)
                throw new FormatException($"line {rowLine} has {fields.Count} field{(fields.Count == 1 ? "" : "s")}; each row needs exactly two: value,generalized");
            if (seen.TryGetValue(fields[0], out var earlier))
                throw new FormatException($"line {rowLine} maps the same value as line {earlier}");
            seen[fields[0]] = rowLine;
            entries.Add(new GeneralizeMapEntry(fields[0], fields[1], rowLine));
        }
        return new GeneralizeMapFile(entries);
    }

    // Reads one row from position; true when the row was blank. Leaves position after the row's line break.
    private static bool ReadRow(string text, ref int position, ref int line, List<string> fields, StringBuilder field)
    {
        var rowStart = position;
        while (true)
        {
            field.Clear();
            var quoted = false;
            while (position < text.Length && text[position] is ' ' or '\t') position++;
            if (position < text.Length && text[position] == '"')
            {
                quoted = true;
                var openedAt = line;
                position++;
                while (true)
                {
                    if (position >= text.Length) throw new FormatException($"line {openedAt} opens a quoted field that never closes");
                    var c = text[position++];
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            field.Append('"');
                            position++;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') line++;
                    field.Append(c);
                }
                while (position < text.Length && text[position] is ' ' or '\t') position++;
                if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    throw new FormatException($"line {line} has text after a closing quote");
            }
            else
            {
                while (position < text.Length && text[position] is not (',' or '\r' or '\n')) field.Append(text[position++]);
            }
            fields.Add(quoted ? field.ToString() : field.ToString().Trim());
            if (position < text.Length && text[position] == ',')
            {
                position++;
                continue;
            }
            // End of row: a line break or the end of the text.
            if (position < text.Length && text[position] == '\r') position++;
            if (position < text.Length && text[position] == '\n') position++;
            line++;
            return fields.Count == 1 && fields[0].Length == 0 && !text.AsSpan(rowStart, position - rowStart).Contains('"');
        }
    }
}
