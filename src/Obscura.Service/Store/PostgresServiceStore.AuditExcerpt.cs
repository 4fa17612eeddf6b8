using System.Runtime.CompilerServices;

namespace Obscura.Service.Store;

public sealed partial class PostgresServiceStore : IAuditExcerptStore
{
    // The line as written and the log it belongs to, so an excerpt needs no log file; the index makes it one lookup.
    private const string AuditLinesColumns = """
        ALTER TABLE audit ADD COLUMN audit_line TEXT;
        ALTER TABLE audit ADD COLUMN audit_log TEXT;
        CREATE INDEX audit_target ON audit(target, audit_log, audit_seq);
        """;

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditExcerptLine> ReadAuditLinesAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(conn, "SELECT audit_log, audit_seq, audit_hash, audit_line FROM audit WHERE target = @target ORDER BY audit_log, audit_seq", ("target", target));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return new AuditExcerptLine(Text(reader, 0), reader.GetInt64(1), reader.GetString(2), Text(reader, 3));
    }
}
