using System.CommandLine;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Strategies;
using Obscura.Engine.Vault;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura detokenize</c>: tokens from stdin (one per line) → original values on stdout, in order, via the token vault.</summary>
internal static class DetokenizeCommand
{
    private const int Chunk = 400;

    public static Command Create(ObscuraRuntime runtime)
    {
        var vault = new Option<string>("--vault")
        {
            Description = "The token vault: sqlite:PATH, postgres://… or mysql://… (password from the URI or OBSCURA_VAULT_PASSWORD).",
            DefaultValueFactory = _ => TokenizeStrategy.DefaultVault,
        };
        var keyFile = new Option<FileInfo?>("--vault-key-file")
        {
            Description = $"File holding the vault key (64 hex characters or base64); otherwise {TokenizeStrategy.DefaultKeyVariable} is read.",
        };
        var command = new Command("detokenize",
            "Read tokens from stdin (one per line) and write the original values to stdout in the same order (\\N for a token the vault does not hold).")
        {
            vault, keyFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var key = VaultKey.Load(parse.GetValue(keyFile)?.FullName, TokenizeStrategy.DefaultKeyVariable);
            await using var endpoint = runtime.Connect(DatabaseUri.Parse(parse.GetValue(vault)!, "OBSCURA_VAULT_PASSWORD"));
            var store = new TokenVault(endpoint, key);
            var output = Console.Out;
            var tokens = new List<string>(Chunk);
            string? line;
            while ((line = await Console.In.ReadLineAsync(token).ConfigureAwait(false)) is not null)
            {
                tokens.Add(line.Trim());
                if (tokens.Count < Chunk) continue;
                await WriteAsync(store, tokens, output, token).ConfigureAwait(false);
            }
            await WriteAsync(store, tokens, output, token).ConfigureAwait(false);
            await output.FlushAsync(token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task WriteAsync(TokenVault store, List<string> tokens, TextWriter output, CancellationToken ct)
    {
        if (tokens.Count == 0) return;
        var values = await store.DetokenizeAsync(tokens, ct).ConfigureAwait(false);
        foreach (var v in values) await output.WriteLineAsync(v ?? "\\N").ConfigureAwait(false);
        tokens.Clear();
    }
}
