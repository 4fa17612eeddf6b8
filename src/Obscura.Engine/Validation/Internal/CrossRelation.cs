using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Validation.Internal;

/// <summary>
/// Orphans of a relation whose two tables live in different databases: parent key tuples go into a keyed
/// <see cref="FingerprintSet"/> (bounded memory), then child tuples stream past it. A 64-bit collision could hide one
/// orphan with probability about n²/2⁶⁴ — negligible for any real table.
/// </summary>
internal static class CrossRelation
{
    public static async Task<(long Orphans, IReadOnlyList<ValidationExample> Examples)> CheckAsync(
        DatabaseEndpoint child, Table childTable, IReadOnlyList<string> columns,
        DatabaseEndpoint parent, Table parentTable, IReadOnlyList<string> referenced, ValidationOptions options, CancellationToken ct)
    {
        var hash = new SipHash(RandomNumberGenerator.GetBytes(SipHash.KeySize));
        using var parents = new FingerprintSet(options.FingerprintMemoryBytes);
        await using (var conn = await parent.OpenAsync(ct).ConfigureAwait(false))
        await using (var reader = await parent.Provider.ReadAsync(conn, ValidationQueries.KeyTuples(parent.Dialect, parentTable.Name, [], referenced), ct).ConfigureAwait(false))
        {
            var values = new object?[referenced.Count];
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                for (var i = 0; i < values.Length; i++) values[i] = reader.GetValue(i);
                parents.Add(Fingerprint(hash, values));
            }
        }

        var keys = KeyText.KeyColumns(childTable);
        var examples = new List<ValidationExample>();
        long orphans = 0;
        await using (var conn = await child.OpenAsync(ct).ConfigureAwait(false))
        await using (var reader = await child.Provider.ReadAsync(conn, ValidationQueries.KeyTuples(child.Dialect, childTable.Name, keys, columns), ct).ConfigureAwait(false))
        {
            var keyValues = new object?[keys.Count];
            var values = new object?[columns.Count];
            long row = 0;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                for (var i = 0; i < values.Length; i++) values[i] = reader.GetValue(keys.Count + i);
                if (!parents.Contains(Fingerprint(hash, values)))
                {
                    orphans++;
                    if (examples.Count < options.MaxExamples)
                    {
                        for (var i = 0; i < keyValues.Length; i++) keyValues[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        examples.Add(new ValidationExample(childTable.Name.ToString(), string.Join(", ", columns), keys.Count == 0 ? KeyText.Row(row) : KeyText.Format(keys, keyValues)));
                    }
                }
                row++;
            }
        }
        return (orphans, examples);
    }

    // Values compare by their invariant text, so an integer key matches across engines whatever CLR type each driver returns.
    private static ulong Fingerprint(in SipHash hash, object?[] values)
    {
        var text = new StringBuilder();
        foreach (var v in values) text.Append(v is null or DBNull ? "" : ValueCoercion.ToText(v)).Append('\u001f');
        return hash.Compute(MemoryMarshal.AsBytes(text.ToString().AsSpan()));
    }
}
