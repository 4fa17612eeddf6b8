using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura transform</c>: preview a strategy on values from stdin, one per line, in order.</summary>
internal static partial class TransformCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var strategy = new Option<string>("--strategy") { Description = "Strategy name (see 'obscura strategies').", Required = true };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A strategy parameter as key=value; repeat for more.",
            AllowMultipleArgumentsPerToken = false,
        };
        var columnType = new Option<string>("--column-type")
        {
            Description = "The column the values come from: text, varchar(N), char(N), smallint, int, bigint, decimal(P,S), real, double, boolean, date, timestamp, timestamptz, time, uuid, json, bytes.",
            DefaultValueFactory = _ => "text",
        };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("transform",
            "Apply a strategy to values read from stdin (one per line; \\N is NULL) and write the results to stdout in the same order.")
        {
            strategy, parameters, columnType, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var column = ParseColumnType(parse.GetValue(columnType)!);
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in parse.GetValue(parameters) ?? [])
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new ObscuraConfigException($"--param '{p}' must be key=value");
                args[p[..eq]] = p[(eq + 1)..];
            }
            var diagnostics = new DiagnosticBag();
            var transform = StrategyBinder.Bind(runtime.Strategies, parse.GetValue(strategy)!, args, column, CliOptions.ReadSecret(parse.GetValue(secretFile)), diagnostics);
            foreach (var w in diagnostics.Items.Where(d => d.Severity == Severity.Warning)) await Console.Error.WriteLineAsync(w.ToString()).ConfigureAwait(false);
            diagnostics.ThrowIfErrors("the strategy cannot be used");
            var transformer = transform!.CreateTransformer();
            var output = Console.Out;
            string? line;
            var lineNo = 0;
            while ((line = await Console.In.ReadLineAsync(token).ConfigureAwait(false)) is not null)
            {
                lineNo++;
                object? value;
                try
                {
                    value = line == "\\N" ? null : ValueCoercion.ToCanonical(line, column.TypeClass);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
                {
                    throw new ObscuraConfigException($"line {lineNo}: not a valid {column.TypeClass} value");
                }
                var result = transformer.Transform(value);
                await output.WriteLineAsync(result is null ? "\\N" : ValueCoercion.ToText(result)).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>A stand-alone column from a short SQL-like type name.</summary>
    internal static Column ParseColumnType(string text)
    {
        var m = TypePattern().Match(text.Trim().ToLowerInvariant());
        if (!m.Success) throw new ObscuraConfigException($"--column-type '{text}' is not a type I know (e.g. text, varchar(20), bigint, decimal(10,2), date, uuid)");
        var name = m.Groups["name"].Value;
        int? a = m.Groups["a"].Success ? int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture) : null;
        int? b = m.Groups["b"].Success ? int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture) : null;
        Column C(TypeClass c, int? length = null, int? bits = null, int? precision = null, int? scale = null) =>
            new() { Name = "value", DeclaredType = text, TypeClass = c, MaxLength = length, IntegerBits = bits, Precision = precision, Scale = scale };
        return name switch
        {
            "text" or "string" => C(TypeClass.Text, a),
            "varchar" or "char" or "character varying" => C(TypeClass.Text, a),
            "smallint" => C(TypeClass.Integer, bits: 16),
            "int" or "integer" => C(TypeClass.Integer, bits: 32),
            "bigint" => C(TypeClass.Integer, bits: 64),
            "decimal" or "numeric" => C(TypeClass.Decimal, precision: a, scale: b ?? 0),
            "real" or "double" or "float" => C(TypeClass.Float),
            "boolean" or "bool" => C(TypeClass.Boolean),
            "date" => C(TypeClass.Date),
            "timestamp" or "datetime" => C(TypeClass.DateTime),
            "timestamptz" => C(TypeClass.DateTimeOffset),
            "time" => C(TypeClass.Time),
            "uuid" => C(TypeClass.Uuid),
            "json" or "jsonb" => C(TypeClass.Json),
            "bytes" or "bytea" or "blob" => C(TypeClass.Binary, a),
            _ => throw new ObscuraConfigException($"--column-type '{text}' is not a type I know (e.g. text, varchar(20), bigint, decimal(10,2), date, uuid)"),
        };
    }

    [GeneratedRegex(@"^(?<name>[a-z ]+?)\s*(\(\s*(?<a>\d+)\s*(,\s*(?<b>\d+)\s*)?\))?$")]
    private static partial Regex TypePattern();
}
