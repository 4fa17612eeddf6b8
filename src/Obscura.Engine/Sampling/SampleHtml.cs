using System.Globalization;
using System.Net;
using System.Text;

namespace Obscura.Engine.Sampling;

/// <summary>
/// <c>sample-report.html</c>: one self-contained page (inline CSS, no scripts, no external resources) in the profile
/// report's style: counts per strategy, coverage per column, strata, and every chosen row by key with its reasons.
/// </summary>
public static class SampleHtml
{
    /// <summary>Renders the report.</summary>
    public static string Render(SampleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Sample of ").Append(E(report.Table)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header class=\"page\">\n<p class=\"kicker\">Obscura test sample</p>\n<h1>").Append(E(report.Table)).Append("</h1>\n");
        html.Append("<p class=\"sub\"><span class=\"mono\">").Append(E(report.Source)).Append("</span> · ")
            .Append(E(report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" · mix <span class=\"mono\">").Append(E(report.Mix)).Append("</span> · seed ").Append(report.Seed);
        if (report.Stratify is not null) html.Append(" · stratified by <span class=\"mono\">").Append(E(report.Stratify)).Append("</span>");
        html.Append(" · <b>").Append(E(report.Status)).Append("</b></p>\n<dl class=\"cards\">");
        Card(html, "Rows chosen", N(report.Selected));
        Card(html, "Table rows", N(report.TableRows));
        Card(html, "Rows written (with closure)", N(report.Tables.Sum(t => t.Rows)));
        Card(html, "Diversity vs random", report.Diversity is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "–");
        Card(html, "Selection", report.SelectionSeconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s");
        Card(html, "Total", report.Seconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s");
        html.Append("</dl>\n");
        if (report.Error is not null) html.Append("<p class=\"warn\">").Append(E(report.Error)).Append("</p>\n");
        foreach (var note in report.Notes.Concat(report.Warnings)) html.Append("<p class=\"warn\">").Append(E(note)).Append("</p>\n");
        html.Append("</header>\n<main>\n");

        html.Append("<section><h2>Strategies</h2><div class=\"scroll\"><table><thead><tr><th>strategy</th><th class=\"num\">share</th><th class=\"num\">asked</th><th class=\"num\">counted</th><th class=\"num\">rows with its reason</th></tr></thead><tbody>");
        foreach (var s in report.Strategies.Where(s => s.Percent > 0 || s.Selected > 0))
        {
            html.Append("<tr><td class=\"name\">").Append(E(s.Strategy)).Append("</td><td class=\"num\">").Append(s.Percent).Append("%</td><td class=\"num\">")
                .Append(N(s.Requested)).Append("</td><td class=\"num\">").Append(N(s.Selected)).Append("</td><td class=\"num\">").Append(N(s.WithReason)).Append("</td></tr>");
        }
        html.Append("</tbody></table></div></section>\n");

        html.Append("<section><h2>Coverage of the table</h2><p class=\"meta\">Share of each column's range (text: of its lengths) spanned by the sample; whether its extremes, NULLs, empty strings and categories are present. No values are shown.</p>");
        html.Append("<div class=\"scroll\"><table><thead><tr><th>column</th><th>kind</th><th>use</th><th class=\"num\">range covered</th><th>min</th><th>max</th><th class=\"num\">NULLs table / sample</th><th>empty</th><th class=\"num\">categories table / sample</th></tr></thead><tbody>");
        foreach (var c in report.Columns)
        {
            html.Append(c.Pii ? "<tr class=\"pii\">" : "<tr>").Append("<td class=\"name\">").Append(E(c.Column));
            if (c.Pii) html.Append(" <span class=\"badge\">PII</span>");
            html.Append("</td><td>").Append(E(c.Kind)).Append("</td><td>").Append(E(c.Use)).Append("</td><td class=\"num\">")
                .Append(c.RangeCoverage is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–").Append("</td><td>").Append(Flag(c.MinIncluded))
                .Append("</td><td>").Append(Flag(c.MaxIncluded)).Append("</td><td class=\"num\">").Append(N(c.TableNulls)).Append(" / ").Append(N(c.SampleNulls))
                .Append("</td><td>").Append(Flag(c.EmptyIncluded)).Append("</td><td class=\"num\">")
                .Append(c.TableCategories is { } tc ? $"{N(tc)} / {N(c.SampleCategories ?? 0)}" : "–").Append("</td></tr>");
        }
        html.Append("</tbody></table></div></section>\n");

        if (report.Strata.Count > 0)
        {
            html.Append("<section><h2>Strata</h2><div class=\"scroll\"><table><thead><tr><th>").Append(E(report.Stratify ?? "")).Append("</th><th class=\"num\">table rows</th><th class=\"num\">share</th><th class=\"num\">sample rows</th></tr></thead><tbody>");
            foreach (var s in report.Strata.OrderByDescending(s => s.TableRows).Take(200))
            {
                var share = report.TableRows > 0 ? 100.0 * s.TableRows / report.TableRows : 0;
                html.Append("<tr><td class=\"value\">").Append(E(s.Value)).Append("</td><td class=\"num\">").Append(N(s.TableRows)).Append("</td><td class=\"num\">")
                    .Append(share.ToString("0.#", CultureInfo.InvariantCulture)).Append("%</td><td class=\"num\">").Append(N(s.SampleRows)).Append("</td></tr>");
            }
            html.Append("</tbody></table></div></section>\n");
        }

        if (report.Tables.Count > 0)
        {
            html.Append("<section><h2>Written with its referential closure</h2><div class=\"scroll\"><table><thead><tr><th>table</th><th class=\"num\">rows</th><th>why</th></tr></thead><tbody>");
            foreach (var t in report.Tables)
            {
                var why = report.Closure?.Tables.FirstOrDefault(c => c.Table == t.Source)?.Reasons.Select(r => r.Reason) ?? [];
                html.Append("<tr><td class=\"name\">").Append(E(t.Target)).Append("</td><td class=\"num\">").Append(N(t.Rows)).Append("</td><td>")
                    .Append(E(string.Join("; ", why))).Append("</td></tr>");
            }
            html.Append("</tbody></table></div></section>\n");
        }

        html.Append("<section><h2>Chosen rows</h2><p class=\"meta\">By key (").Append(E(string.Join(", ", report.Key))).Append("); the first strategy counts the row, every reason is kept.</p>");
        html.Append("<div class=\"scroll\"><table><thead><tr><th>key</th><th>counted for</th>");
        if (report.Stratify is not null) html.Append("<th>stratum</th>");
        html.Append("<th>reasons</th></tr></thead><tbody>");
        foreach (var row in report.Rows)
        {
            html.Append("<tr><td class=\"value\">").Append(E(string.Join(", ", row.Key.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "NULL"))))
                .Append("</td><td><span class=\"class\">").Append(E(row.Strategy)).Append("</span></td>");
            if (report.Stratify is not null) html.Append("<td class=\"value\">").Append(E(row.Stratum ?? "")).Append("</td>");
            html.Append("<td><ul>");
            foreach (var reason in row.Reasons) html.Append("<li>").Append(E(reason)).Append("</li>");
            html.Append("</ul></td></tr>");
        }
        html.Append("</tbody></table></div></section>\n</main>\n<footer><p class=\"muted small\">Generated by obscura sample. Keys identify rows of the source; no other column's values are in this report.</p></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");

    private static string Flag(bool? value) => value switch { true => "<span class=\"tag\">yes</span>", false => "<span class=\"warn\">no</span>", _ => "–" };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """

        :root { --ink: #1d2430; --muted: #667085; --line: #e4e7ec; --soft: #f6f7f9; --accent: #3056d3; --accent-soft: #dfe6fb;
                --pii: #b42318; --pii-soft: #fff3f1; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.page, main, footer { max-width: 1400px; margin: 0 auto; padding: 0 28px; }
        header.page { padding-top: 32px; padding-bottom: 8px; }
        .kicker { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .06em; text-transform: uppercase; font-size: 12px; }
        h1 { margin: 4px 0 2px; font-size: 30px; letter-spacing: -.01em; }
        h2 { font-size: 19px; margin: 0 0 6px; }
        section { margin: 28px 0 36px; }
        .sub, .meta, .muted { color: var(--muted); }
        .small { font-size: 11.5px; }
        .mono, .value, .name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0 24px; }
        .cards div { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: var(--soft); }
        .cards dt { color: var(--muted); font-size: 12px; }
        .cards dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; }
        th { text-align: left; font-size: 11px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em;
             background: var(--soft); padding: 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
        td { padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        tbody tr:last-child td { border-bottom: 0; }
        tr.pii td { background: var(--pii-soft); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .class { display: inline-block; padding: 0 6px; border-radius: 999px; background: var(--accent-soft); color: var(--accent); font-size: 11px; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 999px; background: var(--pii); color: #fff; font-size: 11px; font-weight: 700; }
        .tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: #e7f6ec; color: #1a7f37; font-size: 11px; }
        .warn { color: #b54708; font-size: 12.5px; }
        ul { list-style: none; margin: 0; padding: 0; }
        li { margin: 0 0 2px; }
        footer { padding: 18px 28px 40px; border-top: 1px solid var(--line); }
        @media print { .scroll { overflow: visible; border: 0; } tr { break-inside: avoid; } }

        """;
}
