using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Vault;

namespace Obscura.Engine.Strategies;

/// <summary>
/// <c>tokenize</c>: replaces each value with a keyed deterministic token (same value → same token in every table and
/// database that shares the run secret) and keeps the original, AES-256-GCM encrypted, in a token vault so that
/// <c>obscura detokenize</c> can reverse it with the vault key. The vault key comes only from an environment variable
/// or a key file, never from the run secret.
/// </summary>
public sealed class TokenizeStrategy : StrategyDefinition, IColumnPreparation
{
    /// <summary>Default vault URI.</summary>
    public const string DefaultVault = "sqlite:obscura-vault.db";
    /// <summary>Default environment variable holding the vault key.</summary>
    public const string DefaultKeyVariable = "OBSCURA_VAULT_KEY";
    /// <summary>Default token length (text columns; cut to the column's length).</summary>
    public const int DefaultLength = 16;
    /// <summary>Shortest token length accepted.</summary>
    public const int MinLength = 6;

    private static readonly IReadOnlySet<TypeClass> Types = new HashSet<TypeClass> { TypeClass.Text, TypeClass.Integer, TypeClass.Uuid };

    private static readonly StrategyParameter[] Params =
    [
        new("vault", ParameterKind.String, "Where tokens and encrypted originals are kept: sqlite:PATH, postgres://… or mysql://… (table obscura_vault).") { Default = DefaultVault },
        new("vault_key_env", ParameterKind.String, "Environment variable holding the AES-256 vault key (64 hex characters or base64).") { Default = DefaultKeyVariable },
        new("vault_key_file", ParameterKind.String, "File holding the vault key (instead of the environment variable)."),
        new("format", ParameterKind.Choice, "Token characters: alnum (0-9A-Za-z), digits, or uuid.") { Default = "alnum", Choices = ["alnum", "digits", "uuid"] },
        new("length", ParameterKind.Integer, "Token length in characters (alnum at most 40, digits at most 76); cut to the column's length.") { Default = (long)DefaultLength },
    ];

    private readonly ProviderRegistry _providers;

    /// <summary>Creates the strategy; vaults are opened through <paramref name="providers"/>.</summary>
    public TokenizeStrategy(ProviderRegistry providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers;
    }

    /// <inheritdoc />
    public override string Name => "tokenize";
    /// <inheritdoc />
    public override string Description => "Replaces each value with a keyed token and keeps the encrypted original in a vault, so authorised users can reverse it.";
    /// <inheritdoc />
    public override string Example => "{ strategy: tokenize, vault: \"sqlite:vault.db\", format: digits }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;
    /// <inheritdoc />
    public override bool IsInjective => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var column = binding.Column;
        var where = $"{binding.Table}.{column.Name}";
        var format = ParseFormat(binding.Arguments.GetString("format"));
        var length = binding.Arguments.GetInt64("length", DefaultLength);
        try
        {
            _ = DatabaseUri.Parse(binding.Arguments.GetString("vault") ?? DefaultVault, "OBSCURA_VAULT_PASSWORD");
        }
        catch (ObscuraConfigException ex)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'vault': " + ex.Message);
        }
        switch (column.TypeClass)
        {
            case TypeClass.Integer:
                if (format != TokenFormat.Digits) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is an integer column: use format: digits");
                return;
            case TypeClass.Uuid:
                if (format != TokenFormat.Uuid) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is a UUID column: use format: uuid");
                return;
        }
        if (column.EnumValues is { Count: > 0 })
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is an enum column: tokens are not among its values");
            return;
        }
        if (format == TokenFormat.Uuid)
        {
            if (column.MaxLength is < 36) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is shorter than a UUID (36 characters)");
            return;
        }
        if (length < MinLength || length > Tokenizer.MaxLength(format))
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'length' must be between {MinLength} and {Tokenizer.MaxLength(format)} for format {format.ToString().ToLowerInvariant()}");
            return;
        }
        var actual = TextLength(column, format, (int)length);
        if (actual < MinLength)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is too short for a token (at least {MinLength} characters)");
            return;
        }
        var bits = Tokenizer.Bits(format, actual);
        if (bits < 64)
        {
            diagnostics.Warning(path, DiagnosticCodes.ShortHashOnUnique,
                $"{where}: a token of {actual} characters carries only {(int)bits} bits; two values may share a token (and the vault keeps only the first)");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        throw new ObscuraConfigException($"strategy 'tokenize' on {binding.Table}.{binding.Column.Name} needs its vault: it runs only in copy");
    }

    /// <inheritdoc />
    public async Task<IPreparedColumn> PrepareAsync(StrategyBinding binding, IColumnSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new ObscuraConfigException(
            $"strategy 'tokenize' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var args = binding.Arguments;
        var key = VaultKey.Load(args.GetString("vault_key_file"), args.GetString("vault_key_env") ?? DefaultKeyVariable);
        var format = ParseFormat(args.GetString("format"));
        var length = TextLength(binding.Column, format, (int)Math.Clamp(args.GetInt64("length", DefaultLength), MinLength, Tokenizer.MaxLength(format)));
        var tokenizer = new Tokenizer(secret, format, length, binding.Column);
        var uri = DatabaseUri.Parse(args.GetString("vault") ?? DefaultVault, "OBSCURA_VAULT_PASSWORD");
        var endpoint = new DatabaseEndpoint(uri, _providers.Resolve(uri));
        try
        {
            var vault = new TokenVault(endpoint, key);
            await vault.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            return new TokenizePrepared(tokenizer, vault, endpoint);
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static TokenFormat ParseFormat(string? text) => text switch
    {
        "digits" => TokenFormat.Digits,
        "uuid" => TokenFormat.Uuid,
        _ => TokenFormat.Alnum,
    };

    private static int TextLength(Column column, TokenFormat format, int length) =>
        format == TokenFormat.Uuid ? 36 : column.MaxLength is { } max ? Math.Min(length, max) : length;
}
