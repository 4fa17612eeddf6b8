using System.Globalization;
using System.Net;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling;

/// <summary>
/// <c>profile.html</c>: one self-contained page (inline CSS and SVG; no scripts, fonts, images or links outside the page)
/// with a summary header and, per table, a table of columns with small histograms and value bars. Every text from the
/// database (names, values, shapes) is HTML-escaped. Personal-data columns are marked with a badge and colour; the report
/// carries no values for them, so the page cannot show any.
/// </summary>
public static class ProfileHtml
{
    private const int ShownValues = 5;
    private const int ShownPatterns = 4;
    private const int CellText = 40;

    /// <summary>Renders the report.</summary>
    public static string Render(ProfileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        var columns = report.Tables.Sum(t => t.Columns.Count);
        var pii = report.Tables.Sum(t => t.Columns.Count(c => c.Pii));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Profile of ").Append(E(report.Database)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        html.Append("<header class=\"page\">\n<p class=\"kicker\">Obscura data profile</p>\n<h1>").Append(E(report.Database)).Append("</h1>\n");
        html.Append("<p class=\"sub\">").Append(E(report.Provider));
        if (report.ServerVersion is { Length: > 0 } version) html.Append(' ').Append(E(version));
        html.Append(" · <span class=\"mono\">").Append(E(report.Source)).Append("</span> · ")
            .Append(E(report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</p>\n");
        html.Append("<dl class=\"cards\">");
        Card(html, "Tables", N(report.Tables.Count));
        Card(html, "Columns", N(columns));
        Card(html, "Rows", N(report.Rows));
        Card(html, "Personal-data columns", N(pii), pii > 0 ? "pii" : null);
        Card(html, "Duration", report.Seconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s");
        Card(html, "Throughput", N((long)report.RowsPerSecond) + " rows/s");
        html.Append("</dl>\n");
        if (report.Tables.Count > 1)
        {
            html.Append("<nav><h2>Tables</h2><ol class=\"toc\">");
            for (var i = 0; i < report.Tables.Count; i++)
            {
                var t = report.Tables[i];
                var tablePii = t.Columns.Count(c => c.Pii);
                html.Append("<li><a href=\"#t").Append(i).Append("\">").Append(E(t.Name)).Append("</a> <span class=\"muted\">")
                    .Append(N(t.Rows)).Append(" rows").Append("</span>");
                if (tablePii > 0) html.Append(" <span class=\"badge\">").Append(tablePii).Append(" PII</span>");
                html.Append("</li>");
            }
            html.Append("</ol></nav>\n");
        }
        html.Append("</header>\n<main>\n");

        for (var i = 0; i < report.Tables.Count; i++) Table(html, report.Tables[i], i);

        html.Append("</main>\n<footer>\n<h2>How these numbers are computed</h2>\n<dl class=\"methods\">");
        foreach (var (name, text) in report.Methods)
        {
            html.Append("<dt>").Append(E(name.Replace('_', ' '))).Append("</dt><dd>").Append(E(text)).Append("</dd>");
        }
        html.Append("</dl>\n<p class=\"muted\">Distinct counts are estimates (≈). Columns marked <span class=\"badge\">PII</span> were classified as personal data: " +
            "their values, minimum, maximum and histogram bounds are not in this report; shapes show format only.</p>\n</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string label, string value, string? css = null)
    {
        html.Append("<div").Append(css is null ? "" : $" class=\"{css}\"").Append("><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");
    }

    private static void Table(StringBuilder html, TableProfile table, int index)
    {
        var pii = table.Columns.Count(c => c.Pii);
        html.Append("<section class=\"table\" id=\"t").Append(index).Append("\">\n<h2>").Append(E(table.Name)).Append("</h2>\n<p class=\"meta\">")
            .Append(N(table.Rows)).Append(" rows · ").Append(table.Columns.Count).Append(" columns");
        if (pii > 0) html.Append(" · <span class=\"badge\">").Append(pii).Append(" PII</span>");
        html.Append(" · read in ").Append(table.Seconds.ToString("0.0##", CultureInfo.InvariantCulture)).Append(" s");
        if (table.Partitions > 1) html.Append(" as ").Append(table.Partitions).Append(" parallel key ranges");
        html.Append("</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>Column</th><th>Nulls</th><th class=\"num\">Distinct</th><th>Min … max</th>" +
            "<th>Mean ± sd</th><th>Length <span class=\"hint\">min/mean/max</span></th><th>Distribution</th><th>Patterns</th><th>Top values</th></tr></thead>\n<tbody>\n");
        foreach (var c in table.Columns) Column(html, c, table.Rows);
        html.Append("</tbody></table></div>\n</section>\n");
    }

    private static void Column(StringBuilder html, ColumnProfile c, long rows)
    {
        var nonNull = rows - c.Nulls;
        html.Append(c.Pii ? "<tr class=\"pii\">" : "<tr>");

        html.Append("<td class=\"col\"><div class=\"name\">").Append(E(c.Name)).Append("</div><div class=\"type\">").Append(E(c.DeclaredType))
            .Append(" <span class=\"class\">").Append(E(ClassName(c.TypeClass))).Append("</span></div>");
        if (c.Pii) html.Append("<span class=\"badge\">PII</span>");
        if (c.Invalid is > 0) html.Append("<div class=\"warn\">").Append(N(c.Invalid.Value)).Append(" unreadable</div>");
        html.Append("</td>");

        var nullRatio = rows == 0 ? 0 : (double)c.Nulls / rows;
        html.Append("<td class=\"nulls\">").Append(Percent(nullRatio)).Append(Bar(nullRatio, "null")).Append("</td>");

        html.Append("<td class=\"num\">");
        if (nonNull > 0)
        {
            html.Append(c.DistinctExact ? "" : "≈").Append(N(c.Distinct));
            if (c.DistinctFrom is not null) html.Append("<div class=\"tag\">unique key</div>");
            else if (c.Distinct >= nonNull * 0.99 && nonNull > 1) html.Append("<div class=\"tag\">unique</div>");
            else if (nonNull > 0) html.Append("<div class=\"muted small\">").Append(Percent(Math.Min(1, (double)c.Distinct / nonNull))).Append(" of values</div>");
        }
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"range\">");
        if (c.Withheld?.Contains("min") == true) Withheld(html);
        else if (c.Min is not null || c.Max is not null) html.Append(Value(c.Min)).Append("<div class=\"to\">…</div>").Append(Value(c.Max));
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"mean\">");
        if (c.Mean is not null)
        {
            html.Append("<span class=\"mono\">").Append(E(Text(c.Mean))).Append("</span>");
            if (c.Stddev is { } sd) html.Append("<div class=\"muted small\">± ").Append(E(Spread(sd, c.Unit))).Append("</div>");
        }
        else if (c.Withheld?.Contains("mean") == true) Withheld(html);
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"len\">");
        if (c.Length is { } length)
        {
            html.Append("<span class=\"mono\">").Append(length.Min).Append(" / ").Append(E(Number(length.Mean))).Append(" / ").Append(length.Max)
                .Append("</span>");
        }
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"dist\">");
        if (c.Histogram is { Bins.Count: > 0 } histogram) Histogram(html, histogram, c.Pii);
        else if (c.Withheld?.Contains("histogram") == true) Withheld(html);
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"patterns\">");
        if (c.Patterns is { Count: > 0 } patterns && nonNull > 0)
        {
            html.Append("<ul>");
            foreach (var p in patterns.Take(ShownPatterns))
            {
                html.Append("<li><code>").Append(E(p.Shape)).Append("</code> <span class=\"muted\">").Append(Percent((double)p.Count / nonNull)).Append("</span></li>");
            }
            html.Append("</ul>");
        }
        else html.Append("<span class=\"muted\">—</span>");
        html.Append("</td>");

        html.Append("<td class=\"top\">");
        if (c.Withheld?.Contains("top_values") == true) Withheld(html);
        else if (c.TopValues is { Count: > 0 } top && nonNull > 0)
        {
            html.Append("<ul>");
            foreach (var v in top.Take(ShownValues))
            {
                var share = (double)v.Count / nonNull;
                html.Append("<li><span class=\"value\" title=\"").Append(E(v.Value)).Append("\">").Append(E(Cut(v.Value))).Append("</span>")
                    .Append(Bar(share, "share")).Append("<span class=\"muted small\">").Append(N(v.Count)).Append(v.Error > 0 ? " (±" + N(v.Error) + ")" : "")
                    .Append("</span></li>");
            }
            html.Append("</ul>");
        }
        else html.Append("<span class=\"muted small\">no frequent values</span>");
        html.Append("</td>");

        html.Append("</tr>\n");
    }

    private static void Histogram(StringBuilder html, HistogramSummary histogram, bool pii)
    {
        const int width = 120, height = 36;
        var bins = histogram.Bins;
        var max = Math.Max(1, bins.Max(b => b.Count));
        var step = (double)width / bins.Count;
        html.Append("<svg class=\"hist\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" role=\"img\" aria-label=\"histogram\">");
        html.Append("<line x1=\"0\" y1=\"").Append(height - 0.5).Append("\" x2=\"").Append(width).Append("\" y2=\"").Append(height - 0.5).Append("\" class=\"axis\"/>");
        for (var i = 0; i < bins.Count; i++)
        {
            var b = bins[i];
            if (b.Count == 0) continue;
            // Non-empty bins are at least 1.5 px tall so rare values stay visible.
            var h = Math.Max(1.5, (height - 2) * (double)b.Count / max);
            html.Append("<rect x=\"").Append(F(i * step)).Append("\" y=\"").Append(F(height - 1 - h)).Append("\" width=\"").Append(F(Math.Max(0.8, step - 0.6)))
                .Append("\" height=\"").Append(F(h)).Append("\">");
            html.Append("<title>");
            if (!pii && b.Low is not null) html.Append(E(Text(b.Low))).Append(" to ").Append(E(Text(b.High))).Append(": ");
            html.Append(E(N(b.Count))).Append("</title></rect>");
        }
        html.Append("</svg>");
        if (pii) html.Append("<div class=\"muted small\">bounds withheld</div>");
        else
        {
            html.Append("<div class=\"axis-labels\"><span>").Append(E(Label(bins[0].Low))).Append("</span><span>")
                .Append(E(Label(bins[^1].High))).Append("</span></div>");
        }
    }

    /// <summary>A standard deviation in readable units: seconds beyond two days are shown in days.</summary>
    private static string Spread(double value, string? unit) => unit switch
    {
        null => Number(value),
        "second" when value >= 2 * 86400 => Number(value / 86400) + " days",
        "second" when value >= 2 * 3600 => Number(value / 3600) + " hours",
        _ => Number(value) + " " + unit + "s",
    };

    /// <summary>An axis label: dates of timestamps only.</summary>
    private static string Label(object? bound)
    {
        var text = Text(bound);
        return bound is string && text.Length > 10 && text[10] == 'T' ? text[..10] : Cut(text, 16);
    }

    private static void Withheld(StringBuilder html) => html.Append("<span class=\"withheld\">withheld</span>");

    private static string Bar(double ratio, string css)
    {
        var w = Math.Clamp(ratio, 0, 1) * 60;
        return $"<svg class=\"bar {css}\" width=\"60\" height=\"6\" viewBox=\"0 0 60 6\" aria-hidden=\"true\"><rect class=\"track\" width=\"60\" height=\"6\" rx=\"3\"/>" +
            (w > 0 ? $"<rect class=\"fill\" width=\"{F(Math.Max(w, 1.5))}\" height=\"6\" rx=\"3\"/>" : "") + "</svg>";
    }

    private static string Value(object? value) =>
        value is null ? "<span class=\"muted\">—</span>" : $"<span class=\"value\" title=\"{E(Text(value))}\">{E(Cut(Text(value)))}</span>";

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Number(double value) =>
        Math.Abs(value) >= 1e15 || (value != 0 && Math.Abs(value) < 1e-4)
            ? value.ToString("G4", CultureInfo.InvariantCulture)
            : value.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => ratio switch
    {
        0 => "0%",
        < 0.001 => "&lt;0.1%",
        > 0.999 and < 1 => "&gt;99.9%",
        _ => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
    };

    private static string Cut(string text, int length = CellText)
    {
        if (text.Length <= length) return text;
        var end = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    private static string ClassName(TypeClass typeClass) => typeClass switch
    {
        TypeClass.DateTimeOffset => "timestamp tz",
        TypeClass.DateTime => "timestamp",
        _ => typeClass.ToString().ToLowerInvariant(),
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """

        :root { --ink: #1d2430; --muted: #667085; --line: #e4e7ec; --soft: #f6f7f9; --accent: #3056d3; --accent-soft: #dfe6fb;
                --pii: #b42318; --pii-soft: #fff3f1; --pii-line: #f4c7c0; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.page, main, footer { max-width: 1600px; margin: 0 auto; padding: 0 28px; }
        header.page { padding-top: 32px; padding-bottom: 8px; }
        .kicker { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .06em; text-transform: uppercase; font-size: 12px; }
        h1 { margin: 4px 0 2px; font-size: 30px; letter-spacing: -.01em; }
        h2 { font-size: 19px; margin: 0 0 4px; }
        .sub, .meta, .muted { color: var(--muted); }
        .sub { margin: 0 0 20px; }
        .small { font-size: 11.5px; }
        .mono, code, .value, .name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 24px; }
        .cards div { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: var(--soft); }
        .cards dt { color: var(--muted); font-size: 12px; }
        .cards dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .cards .pii { background: var(--pii-soft); border-color: var(--pii-line); }
        .cards .pii dd { color: var(--pii); }
        nav h2 { font-size: 14px; color: var(--muted); font-weight: 600; }
        .toc { columns: 3 220px; margin: 0 0 16px; padding-left: 20px; }
        .toc li { margin: 2px 0; break-inside: avoid; }
        a { color: var(--accent); text-decoration: none; }
        section.table { margin: 28px 0 36px; }
        .meta { margin: 0 0 10px; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; }
        th { text-align: left; font-size: 11px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em;
             background: var(--soft); padding: 8px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
        td { padding: 8px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        tbody tr:last-child td { border-bottom: 0; }
        tr.pii td { background: var(--pii-soft); }
        tr.pii td.col { box-shadow: inset 3px 0 0 var(--pii); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .col { min-width: 150px; max-width: 220px; }
        .name { font-weight: 650; font-size: 13px; word-break: break-all; }
        .type { color: var(--muted); font-size: 12px; }
        .class { display: inline-block; padding: 0 6px; border-radius: 999px; background: var(--accent-soft); color: var(--accent); font-size: 11px; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 999px; background: var(--pii); color: #fff; font-size: 11px; font-weight: 700; letter-spacing: .03em; }
        .tag { display: inline-block; margin-top: 2px; padding: 0 6px; border-radius: 4px; background: #e7f6ec; color: #1a7f37; font-size: 11px; }
        .warn { color: #b54708; font-size: 12px; }
        .withheld { color: var(--pii); font-style: italic; font-size: 12px; }
        .nulls { white-space: nowrap; font-variant-numeric: tabular-nums; }
        .nulls svg { display: block; margin-top: 4px; }
        .range { min-width: 130px; }
        .range .value { display: block; max-width: 200px; overflow-wrap: anywhere; }
        .to { color: var(--muted); line-height: 1; }
        .len, .mean { white-space: nowrap; }
        .hint { text-transform: none; letter-spacing: 0; font-weight: 400; }
        ul { list-style: none; margin: 0; padding: 0; }
        li { margin: 0 0 3px; }
        .patterns { min-width: 120px; max-width: 240px; }
        .patterns code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; white-space: pre-wrap; word-break: break-all; }
        .top { min-width: 180px; max-width: 280px; }
        .top li { display: grid; grid-template-columns: minmax(0, 1fr) 40px max-content; gap: 6px; align-items: center; }
        .top svg.bar { width: 40px; }
        .top .value { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        svg.bar .track { fill: var(--line); }
        svg.bar.null .fill { fill: #98a2b3; }
        svg.bar.share .fill { fill: var(--accent); }
        svg.hist rect { fill: var(--accent); }
        tr.pii svg.hist rect { fill: var(--pii); }
        svg.hist .axis { stroke: #98a2b3; stroke-width: 1; }
        .axis-labels { display: flex; justify-content: space-between; width: 120px; gap: 6px; color: var(--muted); font-size: 10.5px; }
        footer { padding-bottom: 40px; border-top: 1px solid var(--line); padding-top: 18px; margin-top: 12px; }
        footer h2 { font-size: 15px; }
        .methods { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 12.5px; }
        .methods dt { font-weight: 600; }
        .methods dd { margin: 0; color: var(--muted); }
        @media print {
          body { font-size: 9.5px; }
          .mono, code, .value, .name { font-size: 9px; }
          .range, .top, .patterns, .col { min-width: 0; }
          header.page, main, footer { max-width: none; padding: 0; }
          .scroll { overflow: visible; border: 0; }
          section.table { break-before: page; }
          section.table:first-of-type { break-before: auto; }
          tr { break-inside: avoid; }
          th, td { padding: 4px 6px; }
          nav { display: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;
}
