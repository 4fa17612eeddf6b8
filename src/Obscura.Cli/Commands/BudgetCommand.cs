using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Policy;
using Obscura.Engine;
using Obscura.Engine.Query;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura budget status|reset</c>: the privacy budget per user in the policy's budget store.</summary>
internal static class BudgetCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var policy = QueryCommand.PolicyOption();
        var user = new Option<string?>("--user", "-u") { Description = "Only this user." };
        var format = new Option<string>("--format", "-f") { Description = "text (default) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var status = new Command("status", "Spent and remaining ε/δ per user this period, and the next reset.") { policy, user, format };
        status.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var p = PolicyLoader.LoadFile(parse.GetValue(policy)!.FullName);
            var store = Store(runtime, p);
            await using (store.ConfigureAwait(false))
            {
                var rows = await store.StatusAsync(p, parse.GetValue(user), token).ConfigureAwait(false);
                await Console.Out.WriteAsync(parse.GetValue(format) == "json" ? Json(rows) : Text(rows)).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }, ct));
        var resetPolicy = QueryCommand.PolicyOption();
        var resetUser = QueryCommand.UserOption();
        var reset = new Command("reset", "Start a user's budget afresh now (the ledger keeps the history).") { resetPolicy, resetUser };
        reset.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var p = PolicyLoader.LoadFile(parse.GetValue(resetPolicy)!.FullName);
            var name = parse.GetValue(resetUser)!;
            p.RoleFor(name);
            var store = Store(runtime, p);
            await using (store.ConfigureAwait(false))
            {
                await store.ResetAsync(name, token).ConfigureAwait(false);
            }
            CommandRunner.Errors.WriteLine($"budget of {name} reset");
            return ExitCodes.Ok;
        }, ct));
        return new Command("budget", "Per-user privacy budgets (the policy's budget_store).") { status, reset };
    }

    private static LedgerBudgetStore Store(ObscuraRuntime runtime, PrivacyPolicy policy) =>
        LedgerBudgetStore.ForPolicy(runtime, policy)
        ?? throw new ObscuraConfigException($"the policy {Path.GetFileName(policy.FilePath)} names no budget_store");

    private static string Text(IReadOnlyList<BudgetStatus> rows)
    {
        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.User}: ε spent {r.EpsilonSpent:G6}, remaining {r.EpsilonRemaining:G6}; δ spent {r.DeltaSpent:G6}, remaining {r.DeltaRemaining:G6}; next reset {(r.NextReset is { } n ? n.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never")}\n");
        }
        return sb.ToString();
    }

    private static string Json(IReadOnlyList<BudgetStatus> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("user", r.User);
                w.WriteStartArray("roles");
                foreach (var role in r.Roles) w.WriteStringValue(role);
                w.WriteEndArray();
                w.WriteNumber("epsilon_spent", r.EpsilonSpent);
                w.WriteNumber("epsilon_remaining", r.EpsilonRemaining);
                w.WriteNumber("delta_spent", r.DeltaSpent);
                w.WriteNumber("delta_remaining", r.DeltaRemaining);
                if (r.NextReset is { } n) w.WriteString("next_reset", n.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                else w.WriteNull("next_reset");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
