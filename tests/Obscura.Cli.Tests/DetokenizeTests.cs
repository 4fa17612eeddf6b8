using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary>tokenize in a copy, then obscura detokenize with the vault key gives the originals back; a wrong key is refused.</summary>
public sealed class DetokenizeTests
{
    [Fact]
    public async Task Detokenize_returns_the_originals_for_the_key_holder_and_refuses_a_wrong_key()
    {
        var dir = CliRunner.TempDirectory();
        var source = Path.Combine(dir, "source.db");
        var uri = Obscura.Data.DatabaseUri.Parse("sqlite:" + source);
        await TestDatabases.Registry.Resolve(uri).EnsureDatabaseAsync(uri, CancellationToken.None);
        await TestDatabases.ExecuteAsync(uri, "CREATE TABLE person (id INTEGER PRIMARY KEY, email TEXT)",
            "INSERT INTO person VALUES (1, 'asha@example.org'), (2, 'ravi@example.org'), (3, NULL)");
        await File.WriteAllTextAsync(Path.Combine(dir, "vault.key"), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(Path.Combine(dir, "wrong.key"), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(Path.Combine(dir, "obscura.yaml"), """
            tables:
              person:
                columns:
                  email: { strategy: tokenize, vault: "sqlite:vault.db", vault_key_file: vault.key }
            """);
        var env = new Dictionary<string, string> { ["OBSCURA_SECRET"] = "detokenize-test-secret-0123456789" };
        var copy = await CliRunner.RunAsync(dir, env, "copy", "--source", "sqlite:source.db", "--target", "sqlite:target.db", "--config", "obscura.yaml");
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        var tokens = (await TestDatabases.QueryAsync(Obscura.Data.DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "target.db")), "SELECT email FROM person WHERE email IS NOT NULL ORDER BY id"))
            .Select(r => (string)r[0]!).ToList();
        Assert.DoesNotContain("asha@example.org", tokens);
        var back = await CliRunner.RunWithInputAsync(dir, null, string.Join("\n", tokens) + "\nno-such-token\n",
            "detokenize", "--vault", "sqlite:vault.db", "--vault-key-file", "vault.key");
        Assert.True(back.ExitCode == 0, back.StdErr);
        Assert.Equal(["asha@example.org", "ravi@example.org", "\\N"], back.StdOut.TrimEnd().Split('\n'));

        var wrong = await CliRunner.RunWithInputAsync(dir, null, tokens[0] + "\n", "detokenize", "--vault", "sqlite:vault.db", "--vault-key-file", "wrong.key");
        Assert.Equal(2, wrong.ExitCode);
        Assert.DoesNotContain("asha@example.org", wrong.StdOut + wrong.StdErr);
    }
}
