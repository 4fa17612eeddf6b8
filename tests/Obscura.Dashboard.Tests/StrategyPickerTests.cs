using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine;
using Obscura.Engine.Discovery;
using Obscura.Service;
using Obscura.Service.Operations;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>
/// The new-operation page's per-column strategy picker: the scan's inventory as one select per column, the choices
/// submitted as the config through the scan's own writer, problems next to their column, and an inventory of a protected
/// source that reads no value unless the caller's role is granted.
/// </summary>
public sealed partial class StrategyPickerTests
{
    private const string NewOperation = "/dashboard/operations/new";

    private static async Task<string> TokenAsync(ServiceFixture f, string name, params string[] roles) =>
        (await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None)).Token;

    private static async Task<(DatabaseUri Source, string SourceId, string TargetId)> SourcesAsync(ServiceFixture f, string? classification = null)
    {
        var source = await TestDatabases.CreateAsync("sqlite", "picker_src");
        var rows = Enumerable.Range(1, 50).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO users VALUES ({i}, 'person{i}@example.org', '{(i % 2 == 0 ? "Priya Sharma" : "Rahul Verma")}', '{(i % 2 == 0 ? "active" : "closed")}', 'c{i}@mail.example.com')"));
        await TestDatabases.ExecuteAsync(source, ["CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, full_name TEXT NOT NULL, status TEXT NOT NULL, c1 TEXT)", .. rows]);
        var target = await TestDatabases.CreateAsync("sqlite", "picker_dst");
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var sourceId = classification is null
            ? await f.DataSourceAsync(admin, new { name = "uat-crm", kind = "sqlite", database = source.Database, environment = "UAT" })
            : await f.DataSourceAsync(admin, new { name = "uat-crm", kind = "sqlite", database = source.Database, environment = "UAT", classification });
        return (source, sourceId, await f.DataSourceAsync(admin, new { name = "dev-crm", kind = "sqlite", database = target.Database, environment = "DEV" }));
    }

    private static Dictionary<string, string> Form(string sourceId, string targetId) => new()
    {
        ["Input.OperationType"] = "copy_full", ["Input.SourceId"] = sourceId, ["Input.TargetId"] = targetId, ["Input.Tables"] = "users",
    };

    private static async Task<(string Html, Dictionary<string, string> Fields)> ScanAsync(DashboardSession session, Dictionary<string, string> form)
    {
        var response = await session.PostFormAsync(NewOperation + "?handler=Scan", form, NewOperation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (html, FormFields.Read(html));
    }

    /// <summary>The picker index of a column.</summary>
    private static int IndexOf(Dictionary<string, string> fields, string column) =>
        int.Parse(ColumnField().Match(fields.Single(kv => ColumnField().IsMatch(kv.Key) && kv.Value == column).Key).Groups[1].Value, CultureInfo.InvariantCulture);

    private static async Task<string> StoredConfigAsync(ServiceFixture f, HttpResponseMessage created)
    {
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        return StoredRequest.Of((await f.Store.GetOperationAsync(id, CancellationToken.None))!).Request.Config!;
    }

    [Fact]
    public async Task Each_column_gets_a_labelled_select_preselected_with_the_draft_and_untouched_choices_give_the_scans_own_yaml()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (source, sourceId, targetId) = await SourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var (html, fields) = await ScanAsync(rita, Form(sourceId, targetId));

        var email = IndexOf(fields, "email");
        Assert.Contains("<legend>Table users</legend>", html, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"col-{email}\">users.email</label>", html, StringComparison.Ordinal);
        Assert.Equal("faker", fields[$"Input.Columns[{email}].Strategy"]);
        Assert.Equal("email", fields[$"Input.Columns[{email}].Parameters[kind]"]);
        // Value-only personal data is found where values may be read; no value is ever shown.
        Assert.Equal("email", fields[$"Input.Columns[{IndexOf(fields, "c1")}].Kind"]);
        Assert.DoesNotContain("@example.org", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Priya", html, StringComparison.Ordinal);
        // Every strategy the runtime knows for a text column is offered, and no other list exists.
        var registry = ObscuraRuntime.CreateDefault().Strategies;
        var offered = Regex.Matches(Regex.Match(html, $"<select id=\"col-{email}\"[\\s\\S]*?</select>").Value, "<option value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["keep", .. registry.All.Where(s => s.AcceptedTypes.Contains(Core.Schema.TypeClass.Text)).Select(s => s.Name)], offered);
        // Personal-data columns come first in their table.
        Assert.True(html.IndexOf($"for=\"col-{IndexOf(fields, "c1")}\"", StringComparison.Ordinal) < html.IndexOf($"for=\"col-{IndexOf(fields, "status")}\"", StringComparison.Ordinal));

        // The YAML the untouched choices make is what `obscura scan` drafts for the same source (the header names the source differently).
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(source);
        var scan = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = ["users"] }, CancellationToken.None);
        static string Body(string yaml) => yaml[(yaml.IndexOf('\n', StringComparison.Ordinal) + 1)..].ReplaceLineEndings("\n");
        Assert.Equal(Body(scan.Draft.Yaml), Body(fields["Input.Config"]));
        Assert.Contains("email: { strategy: faker, kind: email }", fields["Input.Config"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chosen_strategies_and_parameters_become_the_stored_config_and_keep_leaves_a_column_unchanged()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (_, sourceId, targetId) = await SourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var (_, fields) = await ScanAsync(rita, Form(sourceId, targetId));
        var email = IndexOf(fields, "email");
        var name = IndexOf(fields, "full_name");
        var status = IndexOf(fields, "status");
        fields[$"Input.Columns[{email}].Strategy"] = "mask";
        fields.Remove($"Input.Columns[{email}].Parameters[kind]"); // a browser without script still posts faker's inputs; mask takes no 'kind'
        fields[$"Input.Columns[{email}].Parameters[keep_first]"] = "2";
        fields[$"Input.Columns[{email}].Parameters[char]"] = "#";
        fields[$"Input.Columns[{name}].Strategy"] = "keep";
        fields[$"Input.Columns[{status}].Strategy"] = "hash";

        // Without script: "Refresh parameters" shows mask's inputs with what was typed, and the YAML those choices make.
        var refreshed = await rita.PostFormAsync(NewOperation + "?handler=Refresh", new(fields), NewOperation);
        var refreshedHtml = await refreshed.Content.ReadAsStringAsync();
        Assert.Matches($"<input id=\"col-{email}-p-keep_first\" name=\"Input.Columns\\[{email}\\].Parameters\\[keep_first\\]\" value=\"2\"", refreshedHtml);
        Assert.Contains($"id=\"col-{email}-p-keep_last\"", refreshedHtml, StringComparison.Ordinal);
        var yaml = FormFields.Read(refreshedHtml)["Input.Config"];
        Assert.Matches("\n      email: \\{ strategy: mask, keep_first: 2, char: \"#\" \\}   # email, confidence [0-9.]+\n", yaml);
        Assert.Matches("\n      # full_name: full_name, confidence [0-9.]+; kept unchanged \\(chosen in the dashboard\\)\n", yaml);
        Assert.Contains("\n      status: { strategy: hash }   # chosen in the dashboard\n", yaml, StringComparison.Ordinal);

        // Submitting stores exactly that config: the choices are the one source of truth, whatever the read-only YAML field says.
        var submitted = new Dictionary<string, string>(fields) { ["Input.Config"] = "tables: {}\n" };
        var config = await StoredConfigAsync(f, await rita.PostFormAsync(NewOperation, submitted));
        Assert.Equal(yaml.ReplaceLineEndings("\n"), config.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Editing_the_yaml_by_hand_is_an_explicit_mode_whose_text_is_submitted_and_going_back_restores_the_choices()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (_, sourceId, targetId) = await SourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var (_, fields) = await ScanAsync(rita, Form(sourceId, targetId));
        var edit = await rita.PostFormAsync(NewOperation + "?handler=EditYaml", new(fields), NewOperation);
        var editHtml = WebUtility.HtmlDecode(await edit.Content.ReadAsStringAsync());
        Assert.Contains("The YAML below is now what is submitted", editHtml, StringComparison.Ordinal);
        Assert.Matches("<textarea id=\"op-config\" name=\"Input.Config\" rows=\"14\" spellcheck=\"false\" class=\"code\">", editHtml);
        var yamlMode = FormFields.Read(editHtml);
        Assert.Equal("yaml", yamlMode["Input.ConfigMode"]);
        Assert.DoesNotContain("<select id=\"col-", editHtml, StringComparison.Ordinal);

        var typed = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n";
        var back = await rita.PostFormAsync(NewOperation + "?handler=UsePicker", new(yamlMode) { ["Input.Config"] = typed }, NewOperation);
        var backFields = FormFields.Read(await back.Content.ReadAsStringAsync());
        Assert.Equal("picker", backFields["Input.ConfigMode"]);
        Assert.Equal(fields["Input.Config"].ReplaceLineEndings("\n"), backFields["Input.Config"].ReplaceLineEndings("\n"));

        var config = await StoredConfigAsync(f, await rita.PostFormAsync(NewOperation, new(yamlMode) { ["Input.Config"] = typed }));
        Assert.Equal(typed, config.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_problem_of_one_column_is_shown_next_to_it_linked_from_the_focused_summary_and_nothing_is_stored()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (_, sourceId, targetId) = await SourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var (_, fields) = await ScanAsync(rita, Form(sourceId, targetId));
        var email = IndexOf(fields, "email");
        var status = IndexOf(fields, "status");

        // A name no strategy has (a tampered form): refused before the request is built.
        var unknown = await rita.PostFormAsync(NewOperation, new(fields) { [$"Input.Columns[{status}].Strategy"] = "scramble_eggs" });
        var unknownHtml = WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync());
        Assert.Contains($"<ul class=\"field-error\" id=\"col-{status}-error\">", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("'scramble_eggs' is not a strategy", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("(OBS955)", unknownHtml, StringComparison.Ordinal);

        // fixed without its required value: the API's own check (the planner's diagnostic), placed at the email column.
        var invalid = await rita.PostFormAsync(NewOperation, new(fields) { [$"Input.Columns[{email}].Strategy"] = "fixed" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Matches($"<select id=\"col-{email}\" name=\"Input.Columns\\[{email}\\].Strategy\" aria-describedby=\"col-{email}-info col-{email}-error\" aria-invalid=\"true\"", html);
        var error = Regex.Match(html, $"<ul class=\"field-error\" id=\"col-{email}-error\">([\\s\\S]*?)</ul>");
        Assert.True(error.Success, "no error next to the email column");
        Assert.Matches("tables\\.users\\.columns\\.email.*value.*\\(OBS[0-9]{3}\\)", WebUtility.HtmlDecode(error.Groups[1].Value));
        Assert.Matches("<div class=\"errors\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus", html);
        Assert.Contains($"<a href=\"#col-{email}\">users.email</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"col-{status}-error\"", html, StringComparison.Ordinal);
        Assert.Empty(await f.Store.ListOperationsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_protected_source_is_inventoried_by_names_only_unless_the_role_is_granted_and_every_read_is_audited()
    {
        await using var f = await ServiceFixture.StartAsync(adjust: s => s with
        {
            Preview = s.Preview with { ClearTextGrants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["HRCI"] = [ServiceRoles.Security] } },
        });
        var (_, sourceId, targetId) = await SourcesAsync(f, "HRCI");

        // c1 holds e-mail addresses under a name that says nothing: only reading its values would reveal them.
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var (html, fields) = await ScanAsync(rita, Form(sourceId, targetId));
        Assert.Contains("no value was read (OBS956)", html, StringComparison.Ordinal);
        Assert.Equal("", fields[$"Input.Columns[{IndexOf(fields, "c1")}].Kind"]);
        Assert.Equal("email", fields[$"Input.Columns[{IndexOf(fields, "email")}].Kind"]); // found by its name
        Assert.DoesNotContain("@example.org", html, StringComparison.Ordinal);
        // The page keeps saying so after the choices are refreshed (no second read of the source).
        var refreshed = await rita.PostFormAsync(NewOperation + "?handler=Refresh", new(fields), NewOperation);
        Assert.Contains("no value was read (OBS956)", await refreshed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var sue = await DashboardSession.SignInAsync(f, await TokenAsync(f, "sue", ServiceRoles.Requester, ServiceRoles.Security));
        var (granted, grantedFields) = await ScanAsync(sue, Form(sourceId, targetId));
        Assert.DoesNotContain("OBS956", granted, StringComparison.Ordinal);
        Assert.Equal("email", grantedFields[$"Input.Columns[{IndexOf(grantedFields, "c1")}].Kind"]);
        Assert.DoesNotContain("mail.example.com", granted, StringComparison.Ordinal);

        var audit = await f.Store.QueryAuditAsync(new() { Action = "dashboard_scan" }, CancellationToken.None);
        Assert.Contains(audit, r => r is { Actor: "rita", Outcome: "ok_names_only" } && r.Target == $"data_source:{sourceId}/users");
        Assert.Contains(audit, r => r is { Actor: "sue", Outcome: "ok" } && r.Target == $"data_source:{sourceId}/users");
        Assert.Equal(2, audit.Count);
        var auditText = string.Join("\n", audit.Select(r => $"{r.Target} {r.Outcome}"));
        Assert.DoesNotContain("@", auditText, StringComparison.Ordinal);
    }

    [GeneratedRegex("^Input\\.Columns\\[([0-9]+)\\]\\.Column$")]
    private static partial Regex ColumnField();
}
