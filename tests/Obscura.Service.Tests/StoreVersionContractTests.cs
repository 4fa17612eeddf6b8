using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>The request-version part of the store contract, on both stores (SQLite file and throwaway PostgreSQL database).</summary>
public sealed class StoreVersionContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static OperationVersionRecord Version(long op, string fingerprint, long? by, string reason = "updated") => new()
    {
        OperationId = op, RequestJson = $"{{\"request\":{{\"operation_type\":\"scan\"}},\"source_id\":\"{fingerprint}\"}}", Fingerprint = fingerprint,
        RequiredRoles = ["DBA", "SECURITY"], SourceJson = "{\"id\":\"ds1\",\"host\":\"db1\"}", TargetJson = null, Reason = reason, CreatedBy = by, CreatedAt = T0,
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Versions_are_numbered_per_operation_kept_once_per_fingerprint_and_decisions_name_theirs(string kind)
    {
        var (store, _, drop) = await StoreContractTests.CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var versions = (IOperationVersionStore)store;
            var amy = await store.AddUserAsync("amy", ["REQUESTER"], "h-a", T0, CancellationToken.None);
            var bob = await store.AddUserAsync("bob", ["DBA"], "h-b", T0, CancellationToken.None);
            OperationRecord Op() => new()
            {
                OperationType = "scan", RequestedBy = amy.Id, RequestJson = "{}", Fingerprint = "fp", Status = "pending_approval", RequiredRoles = ["DBA"], CreatedAt = T0, UpdatedAt = T0,
            };
            var op = await store.AddOperationAsync(Op(), CancellationToken.None);
            var other = await store.AddOperationAsync(Op(), CancellationToken.None);
            Assert.Empty(await versions.ListVersionsAsync(op.Id, CancellationToken.None));

            var v1 = await versions.AddVersionAsync(Version(op.Id, "fp-a", amy.Id, "created"), CancellationToken.None);
            Assert.Equal((1, "fp-a", "created", "amy", T0), (v1.Version, v1.Fingerprint, v1.Reason, v1.CreatedByName, v1.CreatedAt));
            Assert.Equal(["DBA", "SECURITY"], v1.RequiredRoles);
            Assert.Equal(("{\"id\":\"ds1\",\"host\":\"db1\"}", (string?)null), (v1.SourceJson, v1.TargetJson));
            // The same fingerprint again keeps nothing and answers the latest version.
            Assert.Equal(1, (await versions.AddVersionAsync(Version(op.Id, "fp-a", bob.Id), CancellationToken.None)).Version);
            var v2 = await versions.AddVersionAsync(Version(op.Id, "fp-b", null, "data_source_changed"), CancellationToken.None);
            Assert.Equal((2, (string?)null, (long?)null), (v2.Version, v2.CreatedByName, v2.CreatedBy));
            // Back to an earlier fingerprint is a new version: the history is kept in order.
            Assert.Equal(3, (await versions.AddVersionAsync(Version(op.Id, "fp-a", amy.Id), CancellationToken.None)).Version);
            Assert.Equal(1, (await versions.AddVersionAsync(Version(other.Id, "fp-a", amy.Id), CancellationToken.None)).Version);
            Assert.Equal([1, 2, 3], (await versions.ListVersionsAsync(op.Id, CancellationToken.None)).Select(v => v.Version));
            Assert.Equal(["fp-a", "fp-b", "fp-a"], (await versions.ListVersionsAsync(op.Id, CancellationToken.None)).Select(v => v.Fingerprint));

            // Concurrent changes of one operation never get the same number.
            var raced = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => versions.AddVersionAsync(Version(other.Id, $"fp-{i}", amy.Id), CancellationToken.None))));
            Assert.Equal(8, raced.Select(v => v.Version).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, 9), (await versions.ListVersionsAsync(other.Id, CancellationToken.None)).Select(v => v.Version));

            await store.AddApprovalAsync(new ApprovalRecord(0, op.Id, bob.Id, "", "DBA", "approve", null, "fp-a", T0) { Version = 3 }, CancellationToken.None);
            await store.AddApprovalAsync(new ApprovalRecord(0, op.Id, bob.Id, "", "DBA", "reject", null, "fp-a", T0), CancellationToken.None);
            Assert.Equal([3, (int?)null], (await store.ListApprovalsAsync(op.Id, CancellationToken.None)).Select(a => a.Version));
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_operation_added_or_changed_with_its_version_is_stored_with_it_or_not_at_all(string kind)
    {
        var (store, _, drop) = await StoreContractTests.CreateAsync(kind);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var versions = (IOperationVersionStore)store;
            var amy = await store.AddUserAsync("amy", ["REQUESTER"], "h-a", T0, CancellationToken.None);
            // Added with its first version (the operation id is filled in).
            var op = await versions.AddOperationWithVersionAsync(new OperationRecord
            {
                OperationType = "scan", RequestedBy = amy.Id, RequestJson = "{}", Fingerprint = "fp-a", Status = "scheduled", RequiredRoles = ["DBA"], CreatedAt = T0, UpdatedAt = T0,
            }, Version(0, "fp-a", amy.Id, "created"), CancellationToken.None);
            Assert.Equal(("scan", "fp-a"), ((await store.GetOperationAsync(op.Id, CancellationToken.None))!.OperationType, op.Fingerprint));
            Assert.Equal((op.Id, 1, "created"), Assert.Single(await versions.ListVersionsAsync(op.Id, CancellationToken.None)) is var first ? (first.OperationId, first.Version, first.Reason) : default);

            // Expecting a status or fingerprint it no longer has: neither the change nor the version is kept.
            var changed = op with { Fingerprint = "fp-b", Status = "pending_approval" };
            Assert.Null(await versions.UpdateOperationWithVersionAsync(changed, "queued", "fp-a", Version(op.Id, "fp-b", null, "data_source_changed"), CancellationToken.None));
            Assert.Null(await versions.UpdateOperationWithVersionAsync(changed, "scheduled", "fp-x", Version(op.Id, "fp-b", null, "data_source_changed"), CancellationToken.None));
            Assert.Equal(("scheduled", "fp-a"), await StatusAsync());
            Assert.Single(await versions.ListVersionsAsync(op.Id, CancellationToken.None));

            var kept = await versions.UpdateOperationWithVersionAsync(changed, "scheduled", "fp-a", Version(op.Id, "fp-b", null, "data_source_changed"), CancellationToken.None);
            Assert.Equal((2, "fp-b", "data_source_changed"), (kept!.Version, kept.Fingerprint, kept.Reason));
            Assert.Equal(("pending_approval", "fp-b"), await StatusAsync());
            // Two racing the same change: one wins, and one version is kept for it.
            var again = changed with { Fingerprint = "fp-c" };
            var raced = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                versions.UpdateOperationWithVersionAsync(again, "pending_approval", "fp-b", Version(op.Id, "fp-c", amy.Id), CancellationToken.None))));
            Assert.Single(raced, v => v is not null);
            Assert.Equal(["created", "data_source_changed", "updated"], (await versions.ListVersionsAsync(op.Id, CancellationToken.None)).Select(v => v.Reason));

            async Task<(string, string)> StatusAsync()
            {
                var now = (await store.GetOperationAsync(op.Id, CancellationToken.None))!;
                return (now.Status, now.Fingerprint);
            }
        }
        finally
        {
            store.Dispose();
            await drop();
        }
    }
}
