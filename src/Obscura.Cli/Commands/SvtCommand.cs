using System.CommandLine;
using System.Globalization;
using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Query;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura svt</c>: which of a file's single-number queries exceed a threshold (sparse vector technique), for one ε.</summary>
internal static class SvtCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var policy = QueryCommand.PolicyOption();
        var user = QueryCommand.UserOption();
        var threshold = new Option<double>("--threshold", "-t") { Description = "The threshold T the queries' answers are compared with.", Required = true };
        var queries = new Option<FileInfo>("--queries", "-q") { Description = "A file of queries separated by ';', each one ungrouped COUNT or SUM.", Required = true };
        var maxPositives = new Option<int>("--max-positives", "-c") { Description = "Stop at the c-th query found above (ε pays for up to c positives).", DefaultValueFactory = _ => 1 };
        var epsilon = new Option<double?>("--epsilon", "-e") { Description = "ε for the whole run (default: the role's epsilon_per_query)." };
        var command = new Command("svt", "Sparse vector technique: which queries' answers are above a threshold (CSV on stdout: index,fingerprint,above), for one ε paid once.")
        {
            source, policy, user, threshold, queries, maxPositives, epsilon,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var file = parse.GetValue(queries)!;
            if (!file.Exists) throw new ObscuraConfigException($"queries file {file.FullName} does not exist");
            var list = QueryParser.SplitStatements(await File.ReadAllTextAsync(file.FullName, token).ConfigureAwait(false));
            var policySource = new PolicySource(parse.GetValue(policy)!.FullName);
            var store = LedgerBudgetStore.ForPolicy(runtime, policySource.Current);
            try
            {
                await using var service = new QueryService(runtime, policySource, store);
                var answer = await service.SparseVectorAsync(new SvtOptions
                {
                    Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                    User = parse.GetValue(user)!,
                    Queries = list,
                    Threshold = parse.GetValue(threshold),
                    MaxPositives = parse.GetValue(maxPositives),
                    Epsilon = parse.GetValue(epsilon),
                }, token).ConfigureAwait(false);
                foreach (var w in service.PolicyWarnings) CommandRunner.Errors.MarkupLine("[yellow]" + Markup.Escape(w.ToString()) + "[/]");
                await Console.Out.WriteAsync(Csv(answer)).ConfigureAwait(false);
                await Console.Out.FlushAsync(token).ConfigureAwait(false);
                var cost = $"cost: ε = {answer.Epsilon.ToString("G6", CultureInfo.InvariantCulture)} for {answer.Examined} of {list.Count} queries examined, {answer.Above.Count} above";
                if (answer.EpsilonRemaining is { } e) cost += $"; remaining: ε = {e.ToString("G6", CultureInfo.InvariantCulture)}";
                await Console.Error.WriteLineAsync(cost).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            finally
            {
                if (store is not null) await store.DisposeAsync().ConfigureAwait(false);
            }
        }, ct));
        return command;
    }

    internal static string Csv(SvtAnswer answer)
    {
        var above = answer.Above.ToHashSet();
        var sb = new StringBuilder("index,fingerprint,above\n");
        for (var i = 0; i < answer.Fingerprints.Count; i++)
        {
            var state = i >= answer.Examined ? "not_examined" : above.Contains(i) ? "true" : "false";
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1},{answer.Fingerprints[i]},{state}\n");
        }
        return sb.ToString();
    }
}
