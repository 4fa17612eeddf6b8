namespace Obscura.Service.Store;

public sealed partial class PostgresServiceStore : ISharedRateLimitStore
{
    private const string RateLimitCountsTable = """
        CREATE TABLE rate_limit_counts (
            partition_key TEXT NOT NULL, window_start TIMESTAMPTZ NOT NULL, admitted BIGINT NOT NULL,
            PRIMARY KEY (partition_key, window_start));
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> AddRateLimitCountsAsync(
        DateTimeOffset windowStart, IReadOnlyList<KeyValuePair<string, long>> admitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        var totals = new Dictionary<string, long>(admitted.Count, StringComparer.Ordinal);
        if (admitted.Count == 0) return totals;
        var keys = new string[admitted.Count];
        var counts = new long[admitted.Count];
        for (var i = 0; i < keys.Length; i++) (keys[i], counts[i]) = (admitted[i].Key, admitted[i].Value);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement for every key: the upsert adds this process's share and returns the sum over all processes.
        // Keys in a fixed order, so two processes updating the same keys never wait on each other in a cycle.
        await using var cmd = Command(conn,
            "INSERT INTO rate_limit_counts (partition_key, window_start, admitted) " +
            "SELECT k, @w, n FROM unnest(@keys, @counts) AS t(k, n) ORDER BY k " +
            "ON CONFLICT (partition_key, window_start) DO UPDATE SET admitted = rate_limit_counts.admitted + excluded.admitted " +
            "RETURNING partition_key, admitted",
            ("w", windowStart), ("keys", keys), ("counts", counts));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) totals[reader.GetString(0)] = reader.GetInt64(1);
        return totals;
    }

    /// <inheritdoc />
    public async Task<int> PruneRateLimitCountsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(conn, "DELETE FROM rate_limit_counts WHERE window_start < @before", ("before", before));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
