using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Vault;

namespace Obscura.Engine.Tests.Strategies;

/// <summary><c>tokenize</c>: deterministic keyed tokens, encrypted originals in a vault, reversal only with the vault key.</summary>
public sealed class TokenizeTests
{
    private static string Config(string vault, string keyFile, string extra = "") => $$"""
        tables:
          person:
            columns:
              city: { strategy: tokenize, vault: "{{vault}}", vault_key_file: "{{keyFile}}"{{extra}} }
        """;

    private static async Task<string?[]> DetokenizeAsync(string vault, string keyFile, IReadOnlyList<string> tokens)
    {
        var uri = DatabaseUri.Parse(vault);
        await using var endpoint = new DatabaseEndpoint(uri, TestDatabases.Registry.Resolve(uri));
        return await new TokenVault(endpoint, VaultKey.Load(keyFile, "UNUSED_VARIABLE")).DetokenizeAsync(tokens, CancellationToken.None);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Equal_values_get_equal_tokens_and_the_vault_gives_the_originals_back(string vaultProvider)
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var vault = vaultProvider switch
        {
            "sqlite" => "sqlite:" + StrategyFixtures.NewStorePath("vault"),
            "postgres" => await StrategyFixtures.PostgresStoreAsync("vault"),
            _ => await StrategyFixtures.MySqlStoreAsync("vault"),
        };
        var keyFile = StrategyFixtures.NewKeyFile();
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", Config(vault, keyFile));
        Assert.True(result.Succeeded, result.Summary.Error);

        var src = await StrategyFixtures.RowsAsync(source, "SELECT id, city FROM person ORDER BY id");
        var dst = await StrategyFixtures.RowsAsync(target, "SELECT id, city FROM person ORDER BY id");
        var tokenOf = new Dictionary<string, string>();
        for (var i = 0; i < src.Count; i++)
        {
            if (src[i][1] is not { } city)
            {
                Assert.Null(dst[i][1]);
                continue;
            }
            var token = dst[i][1]!;
            Assert.Equal(16, token.Length);
            Assert.True(token.All(char.IsAsciiLetterOrDigit));
            Assert.NotEqual(city, token);
            if (tokenOf.TryGetValue(city, out var earlier)) Assert.Equal(earlier, token);
            else tokenOf[city] = token;
        }
        Assert.Equal(StrategyFixtures.Cities.Count, tokenOf.Values.Distinct().Count());

        var tokens = tokenOf.Values.Append("NoSuchToken00000").ToList();
        var values = await DetokenizeAsync(vault, keyFile, tokens);
        Assert.Equal(tokenOf.Keys.Append(null), values);
    }

    [Fact]
    public async Task The_vault_holds_no_original_and_a_wrong_key_is_refused_as_not_matching()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var path = StrategyFixtures.NewStorePath("vault");
        var keyFile = StrategyFixtures.NewKeyFile();
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", Config("sqlite:" + path, keyFile));
        Assert.True(result.Succeeded, result.Summary.Error);

        var rows = await StrategyFixtures.RowsAsync(DatabaseUri.Parse("sqlite:" + path), "SELECT token, key_id, sealed FROM obscura_vault");
        Assert.Equal(StrategyFixtures.Cities.Count, rows.Count);
        var stored = string.Join("|", rows.SelectMany(r => r));
        foreach (var city in StrategyFixtures.Cities.Keys) Assert.DoesNotContain(city, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Single(rows.Select(r => r[1]).Distinct());

        var token = (await StrategyFixtures.RowsAsync(target, "SELECT city FROM person WHERE city IS NOT NULL"))[0][0]!;
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => DetokenizeAsync("sqlite:" + path, StrategyFixtures.NewKeyFile(), [token]));
        Assert.Equal("the vault key does not match this vault", error.Message);
    }

    [Fact]
    public async Task Tokens_are_the_same_in_a_second_run_and_the_vault_does_not_grow()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var path = StrategyFixtures.NewStorePath("vault");
        var keyFile = StrategyFixtures.NewKeyFile();
        var (first, r1) = await StrategyFixtures.CopyAsync(source, "sqlite", Config("sqlite:" + path, keyFile));
        var (second, r2) = await StrategyFixtures.CopyAsync(source, "postgres", Config("sqlite:" + path, keyFile));
        Assert.True(r1.Succeeded, r1.Summary.Error);
        Assert.True(r2.Succeeded, r2.Summary.Error);
        Assert.Equal(
            await StrategyFixtures.RowsAsync(first, "SELECT id, city FROM person ORDER BY id"),
            await StrategyFixtures.RowsAsync(second, "SELECT id, city FROM person ORDER BY id"));
        Assert.Equal(StrategyFixtures.Cities.Count, await TestDatabases.CountAsync(DatabaseUri.Parse("sqlite:" + path), "SELECT COUNT(*) FROM obscura_vault"));
    }

    [Fact]
    public async Task Digits_on_an_integer_key_are_a_permutation_and_reversible()
    {
        var source = await StrategyFixtures.PersonSourceAsync("postgres");
        var path = StrategyFixtures.NewStorePath("vault");
        var keyFile = StrategyFixtures.NewKeyFile();
        var (target, result) = await StrategyFixtures.CopyAsync(source, "sqlite", $$"""
            tables:
              person:
                columns:
                  id: { strategy: tokenize, format: digits, vault: "sqlite:{{path}}", vault_key_file: "{{keyFile}}" }
            """);
        Assert.True(result.Succeeded, result.Summary.Error);
        var ids = (await StrategyFixtures.RowsAsync(target, "SELECT id FROM person")).Select(r => r[0]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var originals = await DetokenizeAsync("sqlite:" + path, keyFile, ids);
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            originals.Select(o => o!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_missing_vault_key_is_refused_before_anything_is_written()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var target = await TestDatabases.CreateAsync("sqlite", "strat_nokey");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new Obscura.Engine.Copy.CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new Obscura.Engine.Copy.CopyOptions
        {
            Source = source,
            Target = target,
            Secret = StrategyFixtures.Secret,
            Config = Core.Config.ConfigLoader.Parse("""
                tables:
                  person:
                    columns:
                      city: { strategy: tokenize, vault_key_env: OBSCURA_TEST_NO_SUCH_VAULT_KEY }
                """),
        }));
        Assert.Contains("OBSCURA_TEST_NO_SUCH_VAULT_KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty((await Obscura.Engine.Tests.Copy.TargetChecks.InspectAsync(target)).Tables);
    }
}
