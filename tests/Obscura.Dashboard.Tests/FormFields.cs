using System.Net;
using System.Text.RegularExpressions;

namespace Obscura.Dashboard.Tests;

/// <summary>What a browser would post from a rendered form: inputs with their values, checked boxes, each select's selected option, textareas.</summary>
internal static partial class FormFields
{
    public static Dictionary<string, string> Read(string html)
    {
        // Templates are inert: their inputs are never posted.
        html = Template().Replace(html, "");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Input().Matches(html))
        {
            var tag = input.Value;
            if (Attribute(tag, "name") is not { } name || name == "__csrf") continue;
            var type = Attribute(tag, "type") ?? "text";
            if (type is "checkbox" or "radio" && !tag.Contains(" checked", StringComparison.Ordinal)) continue;
            if (type is "submit" or "button") continue;
            fields[name] = Attribute(tag, "value") ?? (type == "checkbox" ? "on" : "");
        }
        foreach (Match select in Select().Matches(html))
        {
            if (Attribute(select.Groups[1].Value, "name") is not { } name) continue;
            var options = Option().Matches(select.Groups[2].Value);
            var chosen = options.FirstOrDefault(o => o.Value.Contains(" selected", StringComparison.Ordinal)) ?? options.FirstOrDefault();
            if (chosen is not null) fields[name] = Attribute(chosen.Value, "value") ?? "";
        }
        foreach (Match area in TextArea().Matches(html))
        {
            if (Attribute(area.Groups[1].Value, "name") is { } name) fields[name] = WebUtility.HtmlDecode(area.Groups[2].Value);
        }
        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("<template[\\s\\S]*?</template>")]
    private static partial Regex Template();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("<select\\b([^>]*)>([\\s\\S]*?)</select>")]
    private static partial Regex Select();

    [GeneratedRegex("<option\\b[^>]*>")]
    private static partial Regex Option();

    [GeneratedRegex("<textarea\\b([^>]*)>([\\s\\S]*?)</textarea>")]
    private static partial Regex TextArea();
}
