using System.Globalization;
using System.Text;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Vault;

namespace Obscura.Engine.Strategies;

/// <summary>
/// One remap binding's run state: the whole mapping (read-only while streams run, so sharing it is thread-safe) and
/// the pairs this run added, persisted by <see cref="CompleteAsync"/> only after every table loaded.
/// </summary>
internal sealed class RemapPrepared(
    StrategyBinding binding, Dictionary<long, long> map, List<KeyValuePair<long, long>> added, string ns, string? exportCsv,
    DatabaseUri mapping, VaultKey key, ProviderRegistry providers, int batchSize) : IPreparedColumn
{
    /// <summary>Pairs this run added to the mapping.</summary>
    public int Added => added.Count;

    public IColumnTransformer CreateTransformer() => new RemapTransformer(binding, map);

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await using (var endpoint = new DatabaseEndpoint(mapping, providers.Resolve(mapping)))
        {
            await new RemapStore(endpoint, key).WriteAsync(ns, added, batchSize, cancellationToken).ConfigureAwait(false);
        }
        if (string.IsNullOrEmpty(exportCsv)) return;
        var writer = new StreamWriter(exportCsv, append: false, new UTF8Encoding(false));
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync("original,new".AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var (original, newId) in map.OrderBy(p => p.Key))
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{original},{newId}").AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
