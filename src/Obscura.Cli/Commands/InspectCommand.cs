using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Obscura.Data;
using Obscura.Engine;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura inspect</c>: read a database's schema catalog and write it as JSON.</summary>
internal static class InspectCommand
{
    /// <summary>Catalog JSON: snake_case, enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the catalog JSON here (default: stdout)." };
        var command = new Command("inspect", "Read a database's schema catalog (tables, columns, types, keys, indexes, checks, views, row estimates) as JSON.")
        {
            source, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var uri = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD");
            await using var endpoint = runtime.Connect(uri);
            await using var conn = await endpoint.OpenAsync(token).ConfigureAwait(false);
            var catalog = await endpoint.Provider.InspectAsync(conn, token).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(catalog, JsonOptions);
            if (parse.GetValue(output) is { } file)
            {
                if (file.Directory is { } dir) dir.Create();
                await File.WriteAllTextAsync(file.FullName, json, token).ConfigureAwait(false);
                CommandRunner.Errors.MarkupLine($"{catalog.Tables.Count} tables, {catalog.Tables.Sum(t => t.ForeignKeys.Count)} foreign keys, {catalog.Views.Count} views written to {Spectre.Console.Markup.Escape(file.FullName)}");
            }
            else
            {
                await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
