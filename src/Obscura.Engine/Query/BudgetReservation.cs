namespace Obscura.Engine.Query;

/// <summary>A reserved cost: commit it when the answer is released, release it otherwise. Disposing an open reservation releases it.</summary>
public abstract class BudgetReservation : IAsyncDisposable
{
    private int _closed;

    /// <summary>ε left for the user once this reservation is committed.</summary>
    public abstract double EpsilonRemaining { get; }
    /// <summary>δ left once committed.</summary>
    public abstract double DeltaRemaining { get; }

    /// <summary>Makes the spending final.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _closed, 1) == 0 ? OnCommitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Gives the reserved cost back.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _closed, 1) == 0 ? OnReleaseAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Commits in the store.</summary>
    protected abstract Task OnCommitAsync(CancellationToken cancellationToken);
    /// <summary>Releases in the store.</summary>
    protected abstract Task OnReleaseAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
