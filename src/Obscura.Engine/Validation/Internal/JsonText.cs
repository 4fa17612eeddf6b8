using System.Text;
using System.Text.Json;

namespace Obscura.Engine.Validation.Internal;

/// <summary>Reads JSON text as its strings (<c>\u0041lice</c> is Alice), so escaped PII cannot hide and each string value counts as a whole.</summary>
internal static class JsonText
{
    /// <summary>True when the text looks like a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        var t = text.AsSpan().TrimStart();
        return t.Length > 1 && (t[0] == '{' || t[0] == '[');
    }

    /// <summary>
    /// The document's property names, strings and numbers separated by newlines (escapes decoded), and its string values
    /// one by one; null when the text is not valid JSON.
    /// </summary>
    public static (string Text, List<string> Strings)? Decode(string text)
    {
        var result = new StringBuilder(text.Length);
        var strings = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        result.Append(reader.GetString()).Append('\n');
                        break;
                    case JsonTokenType.String:
                        var s = reader.GetString()!;
                        strings.Add(s);
                        result.Append(s).Append('\n');
                        break;
                    case JsonTokenType.Number:
                        result.Append(Encoding.UTF8.GetString(reader.ValueSpan)).Append('\n');
                        break;
                }
            }
            return (result.ToString(), strings);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
