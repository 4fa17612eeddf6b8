using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// A JSONPath subset for <c>json</c>: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c>, <c>.*</c>, <c>[*]</c> and
/// <c>..</c> (descendants), e.g. <c>$.contact.email</c>, <c>$.items[*].sku</c>, <c>$..phone</c>. Matching is against
/// the reader's container stack, so it costs no allocation per leaf.
/// </summary>
internal sealed class JsonPathPattern
{
    private readonly JsonPathSegment[] _segments;

    private JsonPathPattern(string text, JsonPathSegment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path, or returns null with a problem for users.</summary>
    public static JsonPathPattern? Parse(string text, out string? problem)
    {
        problem = null;
        if (!text.StartsWith('$'))
        {
            problem = $"the path '{text}' must start with '$' (e.g. $.contact.email)";
            return null;
        }
        var segments = new List<JsonPathSegment>();
        var i = 1;
        while (i < text.Length)
        {
            var descend = false;
            if (text[i] == '.')
            {
                if (i + 1 < text.Length && text[i + 1] == '.')
                {
                    descend = true;
                    i += 2;
                }
                else
                {
                    i++;
                }
                if (i < text.Length && text[i] == '*')
                {
                    segments.Add(new JsonPathSegment(JsonPathSegmentKind.Wildcard, "", [], 0, descend));
                    i++;
                    continue;
                }
                // A bracket may follow a dot ($..[0], $.['a']); anything else is a name.
                if (i >= text.Length || text[i] != '[')
                {
                    var start = i;
                    while (i < text.Length && text[i] is not ('.' or '[')) i++;
                    if (i == start)
                    {
                        problem = $"the path '{text}' has an empty name at position {start + 1}";
                        return null;
                    }
                    segments.Add(Named(text[start..i], descend));
                    continue;
                }
            }
            if (i >= text.Length || text[i] != '[')
            {
                problem = $"the path '{text}' has an unexpected '{text[i]}' at position {i + 1}; use .name, ['name'], [n], [*] or ..name";
                return null;
            }
            var close = text.IndexOf(']', i + 1);
            if (close < 0)
            {
                problem = $"the path '{text}' opens '[' at position {i + 1} without closing it";
                return null;
            }
            var inside = text[(i + 1)..close].Trim();
            if (inside == "*") segments.Add(new JsonPathSegment(JsonPathSegmentKind.Wildcard, "", [], 0, descend));
            else if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0]) segments.Add(Named(inside[1..^1], descend));
            else if (int.TryParse(inside, out var index) && index >= 0) segments.Add(new JsonPathSegment(JsonPathSegmentKind.Index, "", [], index, descend));
            else
            {
                problem = $"the path '{text}' has '[{inside}]'; brackets take a position (0, 1...), * or a quoted name";
                return null;
            }
            i = close + 1;
        }
        return new JsonPathPattern(text, [.. segments]);
    }

    /// <summary>Whether the leaf at the position described by <paramref name="frames"/> is selected.</summary>
    public bool Matches(ReadOnlySpan<JsonPathFrame> frames, ReadOnlySpan<byte> json) => Match(0, frames, 0, json);

    private bool Match(int segment, ReadOnlySpan<JsonPathFrame> frames, int frame, ReadOnlySpan<byte> json)
    {
        if (segment == _segments.Length) return frame == frames.Length;
        var s = _segments[segment];
        if (!s.Descend) return frame < frames.Length && Step(s, frames[frame], json) && Match(segment + 1, frames, frame + 1, json);
        for (var k = frame; k < frames.Length; k++)
            if (Step(s, frames[k], json) && Match(segment + 1, frames, k + 1, json)) return true;
        return false;
    }

    private static bool Step(JsonPathSegment segment, in JsonPathFrame frame, ReadOnlySpan<byte> json) => segment.Kind switch
    {
        JsonPathSegmentKind.Wildcard => true,
        JsonPathSegmentKind.Index => frame.IsArray && frame.Index == segment.Index,
        _ => !frame.IsArray && (frame.Unescaped is { } name
            ? name == segment.Name
            : json.Slice(frame.NameStart, frame.NameLength).SequenceEqual(segment.NameUtf8)),
    };

    private static JsonPathSegment Named(string name, bool descend) =>
        new(JsonPathSegmentKind.Name, name, Encoding.UTF8.GetBytes(name), 0, descend);
}
