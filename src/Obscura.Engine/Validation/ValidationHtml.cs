using System.Globalization;
using System.Net;
using System.Text;

namespace Obscura.Engine.Validation;

/// <summary>
/// <c>validation-report.html</c>: one self-contained page (inline CSS; no scripts, fonts, images or links outside it) with
/// an overall verdict, one card per check with a passed/failed/skipped badge, counts, the failing items and the example
/// locations. Every text is HTML-escaped; the report holds no values, so the page cannot show any.
/// </summary>
public static class ValidationHtml
{
    private const int MaxItems = 200;

    /// <summary>Renders the report.</summary>
    public static string Render(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Validation of ").Append(E(report.Target)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        var verdict = report.Passed ? "passed" : "failed";
        html.Append("<header>\n<p class=\"kicker\">Obscura validation report</p>\n<h1>").Append(E(report.Target)).Append(' ')
            .Append(Badge(verdict, report.Passed ? "all checks passed" : "validation failed")).Append("</h1>\n<p class=\"sub\">");
        if (report.Source is not null) html.Append("compared with <span class=\"mono\">").Append(E(report.Source)).Append("</span> · ");
        html.Append(E(report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(" · ")
            .Append(N(report.Tables)).Append(" tables · ").Append(E(report.Seconds.ToString("0.0#", CultureInfo.InvariantCulture))).Append(" s</p>\n");

        html.Append("<table class=\"summary\">\n<thead><tr><th>Check</th><th>Status</th><th class=\"n\">Checked</th><th class=\"n\">Failures</th><th class=\"n\">Seconds</th></tr></thead>\n<tbody>\n");
        foreach (var c in report.Checks)
        {
            html.Append("<tr><td><a href=\"#").Append(Id(c)).Append("\">").Append(E(Title(c))).Append("</a></td><td>").Append(Badge(Status(c), Status(c)))
                .Append("</td><td class=\"n\">").Append(N(c.Checked)).Append(' ').Append(E(Unit(c))).Append("</td><td class=\"n\">").Append(N(c.Failures))
                .Append("</td><td class=\"n\">").Append(E(c.Seconds.ToString("0.00", CultureInfo.InvariantCulture))).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</header>\n<main>\n");

        foreach (var c in report.Checks) Check(html, c);

        html.Append("</main>\n<footer>\n<h2>How the leakage scan decides</h2>\n<ul>");
        foreach (var rule in report.Rules) html.Append("<li>").Append(E(rule)).Append("</li>");
        html.Append("</ul>\n<p class=\"muted\">Examples name the row by its key in the validated database, never by the offending value; " +
                    "a key that itself contains an original value is withheld.</p>\n</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Check(StringBuilder html, ValidationCheck c)
    {
        html.Append("<section class=\"check ").Append(Status(c)).Append("\" id=\"").Append(Id(c)).Append("\">\n<h2>").Append(E(Title(c))).Append(' ')
            .Append(Badge(Status(c), Status(c))).Append("</h2>\n<p>").Append(E(c.Description)).Append("</p>\n");
        html.Append("<dl class=\"cards\">");
        Card(html, "Checked", N(c.Checked) + " " + Unit(c));
        Card(html, "Failures", N(c.Failures), c.Failures > 0 ? "bad" : null);
        foreach (var (name, value) in c.Counts) Card(html, name.Replace('_', ' '), N(value));
        html.Append("</dl>\n");
        if (c.Note is not null) html.Append("<p class=\"note\">").Append(E(c.Note)).Append("</p>\n");

        if (c.Examples.Count > 0)
        {
            html.Append("<h3>Example locations</h3>\n<table>\n<thead><tr><th>Table</th><th>Column</th><th>Row key</th></tr></thead>\n<tbody>\n");
            foreach (var e in c.Examples)
                html.Append("<tr><td>").Append(E(e.Table)).Append("</td><td>").Append(E(e.Column)).Append("</td><td class=\"mono\">").Append(E(e.Key)).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }

        if (c.Items.Count > 0)
        {
            var ordered = c.Items.OrderByDescending(i => i.Failures).ToList();
            html.Append("<details").Append(c.Failures > 0 ? " open" : "").Append("><summary>").Append(N(c.Items.Count)).Append(' ')
                .Append(E(c.Check == ValidationCheckKind.PiiLeakage ? "columns scanned" : Unit(c)))
                .Append(c.Failures > 0 ? $", {N(c.Items.Count(i => i.Failures > 0))} failing" : "").Append("</summary>\n<table>\n<thead><tr><th>Table</th><th>Columns</th>");
            var rows = c.Check == ValidationCheckKind.RowCounts;
            html.Append(rows ? "<th class=\"n\">Source rows</th><th class=\"n\">Target rows</th>" : "<th>Detail</th>").Append("<th class=\"n\">Failures</th></tr></thead>\n<tbody>\n");
            foreach (var i in ordered.Take(MaxItems))
            {
                html.Append("<tr").Append(i.Failures > 0 ? " class=\"bad\"" : "").Append("><td>").Append(E(i.Table)).Append("</td><td>").Append(E(string.Join(", ", i.Columns))).Append("</td>");
                if (rows)
                {
                    html.Append("<td class=\"n\">").Append(i.SourceRows is { } s ? N(s) : "–").Append("</td><td class=\"n\">").Append(i.TargetRows is { } t ? N(t) : "missing").Append("</td>");
                }
                else
                {
                    var detail = new List<string>();
                    if (i.References is not null) detail.Add("→ " + i.References);
                    if (i.Kind is not null) detail.Add(i.Kind.Replace('_', ' '));
                    if (i.Enforced) detail.Add("enforced by the target");
                    html.Append("<td>").Append(E(string.Join(" · ", detail))).Append("</td>");
                }
                html.Append("<td class=\"n\">").Append(N(i.Failures)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
            if (ordered.Count > MaxItems) html.Append("<p class=\"muted\">").Append(N(ordered.Count - MaxItems)).Append(" more in validation-report.json</p>\n");
            html.Append("</details>\n");
        }
        html.Append("</section>\n");
    }

    private static string Title(ValidationCheck c) => c.Check switch
    {
        ValidationCheckKind.RowCounts => "Row counts",
        ValidationCheckKind.ForeignKeys => "Foreign keys (orphans)",
        ValidationCheckKind.Unique => "Unique keys",
        ValidationCheckKind.NotNull => "NOT NULL",
        ValidationCheckKind.PiiLeakage => "Personal-data leakage",
        _ => c.Check.ToString(),
    };

    private static string Unit(ValidationCheck c) => c.Check switch
    {
        ValidationCheckKind.RowCounts => "tables",
        ValidationCheckKind.ForeignKeys => "relations",
        ValidationCheckKind.Unique => "keys",
        ValidationCheckKind.NotNull => "columns",
        ValidationCheckKind.PiiLeakage => "cells",
        _ => "",
    };

    private static string Status(ValidationCheck c) => c.Status switch
    {
        ValidationStatus.Passed => "passed",
        ValidationStatus.Failed => "failed",
        _ => "skipped",
    };

    private static string Id(ValidationCheck c) => "check-" + c.Check.ToString().ToLowerInvariant();

    private static string Badge(string css, string text) => $"<span class=\"badge {css}\">{E(text)}</span>";

    private static void Card(StringBuilder html, string label, string value, string? css = null) =>
        html.Append("<div").Append(css is null ? "" : $" class=\"{css}\"").Append("><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        :root{--fg:#1d2330;--muted:#667085;--line:#e4e7ec;--bg:#f8fafc;--ok:#067647;--okbg:#dcfae6;--bad:#b42318;--badbg:#fee4e2;--skip:#475467;--skipbg:#eaecf0}
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header,main,footer{max-width:1100px;margin:0 auto;padding:24px}header{padding-top:32px}
        .kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:12px}
        h1{margin:4px 0;font-size:24px;word-break:break-all}h2{font-size:19px;margin:0 0 8px}h3{font-size:15px;margin:16px 0 6px}
        .sub,.muted{color:var(--muted)}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
        .badge{display:inline-block;padding:1px 10px;border-radius:999px;font-size:12px;font-weight:600;vertical-align:middle;text-transform:uppercase;letter-spacing:.04em}
        .badge.passed{color:var(--ok);background:var(--okbg)}.badge.failed{color:var(--bad);background:var(--badbg)}.badge.skipped{color:var(--skip);background:var(--skipbg)}
        table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden;margin:8px 0}
        th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}th{background:#f2f4f7;font-size:13px;color:var(--muted)}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.bad td{background:#fff6f5}
        .check{background:#fff;border:1px solid var(--line);border-left:6px solid var(--skipbg);border-radius:8px;padding:16px 20px;margin:0 0 18px}
        .check.passed{border-left-color:var(--ok)}.check.failed{border-left-color:var(--bad)}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}.cards div{border:1px solid var(--line);border-radius:8px;padding:6px 12px;min-width:120px}
        .cards dt{font-size:12px;color:var(--muted)}.cards dd{margin:0;font-size:18px;font-weight:600}.cards .bad dd{color:var(--bad)}
        .note{background:#fffaeb;border:1px solid #fedf89;border-radius:6px;padding:6px 10px}
        details summary{cursor:pointer;color:var(--muted);margin-top:10px}a{color:#175cd3}footer{font-size:14px}
        """;
}
