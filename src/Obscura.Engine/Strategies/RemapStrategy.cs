using System.Globalization;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Vault;

namespace Obscura.Engine.Strategies;

/// <summary>
/// <c>remap</c>: replaces a key with a new surrogate (1, 2, 3, … or random unique ids), the same in every table that
/// references the key (they share one prepared column) and in every later run that uses the same mapping store, where
/// the originals are kept AES-256-GCM encrypted behind a keyed-hash index. The mapping is held in memory while the
/// run lasts (about 40–60 bytes per distinct key: 10 million keys need roughly 0.4–0.6 GB).
/// </summary>
public sealed class RemapStrategy : StrategyDefinition, IColumnPreparation
{
    /// <summary>Default mapping store URI.</summary>
    public const string DefaultMapping = "sqlite:obscura-remap.db";
    /// <summary>Default environment variable holding the mapping key.</summary>
    public const string DefaultKeyVariable = "OBSCURA_REMAP_KEY";

    private const int WriteBatch = 5_000;

    private static readonly IReadOnlySet<TypeClass> Types = new HashSet<TypeClass> { TypeClass.Integer, TypeClass.Text };

    private static readonly StrategyParameter[] Params =
    [
        new("mode", ParameterKind.Choice, "sequential: new ids count up from 'start'; random: unique ids from a keyed permutation of the type's positive range.")
        {
            Default = "sequential",
            Choices = ["sequential", "random"],
        },
        new("start", ParameterKind.Integer, "First new id (sequential mode), and the smallest id random mode may give.") { Default = 1L },
        new("mapping", ParameterKind.String, "Where the mapping is kept: sqlite:PATH, postgres://… or mysql://… (table obscura_remap).") { Default = DefaultMapping },
        new("mapping_key_env", ParameterKind.String, "Environment variable holding the AES-256 mapping key (64 hex characters or base64).") { Default = DefaultKeyVariable },
        new("mapping_key_file", ParameterKind.String, "File holding the mapping key (instead of the environment variable)."),
        new("namespace", ParameterKind.String, "Mapping name; default table.column of the key. Give the same name in several databases to share one mapping."),
        new("export_csv", ParameterKind.String, "When set, the file the run writes every original,new pair of the mapping to (plain text: protect it)."),
    ];

    private readonly ProviderRegistry _providers;

    /// <summary>Creates the strategy; mapping stores are opened through <paramref name="providers"/>.</summary>
    public RemapStrategy(ProviderRegistry providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers;
    }

    /// <inheritdoc />
    public override string Name => "remap";
    /// <inheritdoc />
    public override string Description => "Replaces a key with new surrogate ids, consistent across tables and runs through a persisted, encrypted mapping.";
    /// <inheritdoc />
    public override string Example => "{ strategy: remap, mapping: \"sqlite:remap.db\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool IsInjective => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var start = binding.Arguments.GetInt64("start", 1);
        if (start < 0) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'start' must not be negative");
        else if (start > MaxId(binding.Column)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'start' does not fit {binding.Table}.{binding.Column.Name}");
        if (binding.Column.EnumValues is { Count: > 0 })
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{binding.Table}.{binding.Column.Name} is an enum column: remap needs integers");
        try
        {
            _ = DatabaseUri.Parse(binding.Arguments.GetString("mapping") ?? DefaultMapping, "OBSCURA_REMAP_PASSWORD");
        }
        catch (ObscuraConfigException ex)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'mapping': " + ex.Message);
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        throw new ObscuraConfigException($"strategy 'remap' on {binding.Table}.{binding.Column.Name} needs its mapping store and the source column: it runs only in copy");
    }

    /// <inheritdoc />
    public async Task<IPreparedColumn> PrepareAsync(StrategyBinding binding, IColumnSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(source);
        var args = binding.Arguments;
        var where = $"{binding.Table}.{binding.Column.Name}";
        var key = VaultKey.Load(args.GetString("mapping_key_file"), args.GetString("mapping_key_env") ?? DefaultKeyVariable);
        var ns = args.GetString("namespace") ?? $"{binding.Table}.{binding.Column.Name}";
        var uri = DatabaseUri.Parse(args.GetString("mapping") ?? DefaultMapping, "OBSCURA_REMAP_PASSWORD");
        await using var endpoint = new DatabaseEndpoint(uri, _providers.Resolve(uri));
        var store = new RemapStore(endpoint, key);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var map = await store.LoadAsync(ns, cancellationToken).ConfigureAwait(false);

        var originals = new List<long>();
        await foreach (var (value, _) in source.ValueCountsAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (value is null) continue;
            originals.Add(value switch
            {
                long l => l,
                string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw new ObscuraException($"{where} holds a value that is not an integer: remap maps integer keys only"),
            });
        }
        originals.Sort();

        var added = Assign(binding, map, originals, store);
        return new RemapPrepared(binding, map, added, ns, args.GetString("export_csv"), uri, key, _providers, WriteBatch);
    }

    /// <summary>Gives each original without a mapping a new id; returns the new pairs in assignment order.</summary>
    private static List<KeyValuePair<long, long>> Assign(StrategyBinding binding, Dictionary<long, long> map, List<long> originals, RemapStore store)
    {
        var args = binding.Arguments;
        var where = $"{binding.Table}.{binding.Column.Name}";
        var start = Math.Max(0, args.GetInt64("start", 1));
        var max = MaxId(binding.Column);
        var added = new List<KeyValuePair<long, long>>();
        if (args.GetString("mode") == "random")
        {
            var used = new HashSet<long>(map.Values);
            var perm = new KeyedPermutation(store.PermutationKey(), (UInt128)(ulong)max + 1);
            var counter = (ulong)map.Count;
            foreach (var original in originals)
            {
                if (map.ContainsKey(original)) continue;
                long candidate;
                do
                {
                    if (counter > (ulong)max) throw new ObscuraException($"{where}: no unused id is left in the column's range");
                    candidate = (long)perm.Permute(counter++);
                }
                while (candidate < start || !used.Add(candidate));
                map[original] = candidate;
                added.Add(new(original, candidate));
            }
            return added;
        }
        var next = Math.Max(map.Count == 0 ? start - 1 : map.Values.Max(), start - 1);
        foreach (var original in originals)
        {
            if (map.ContainsKey(original)) continue;
            if (next >= max) throw new ObscuraException($"{where}: the new ids no longer fit the column's type");
            next++;
            map[original] = next;
            added.Add(new(original, next));
        }
        return added;
    }

    /// <summary>The largest id the column holds (positive range of its integer type; 2^63 - 1 for text).</summary>
    private static long MaxId(Column column)
    {
        if (column.TypeClass != TypeClass.Integer || column.IntegerBits is not { } bits || bits >= 64) return long.MaxValue;
        return column.IsUnsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
    }
}
