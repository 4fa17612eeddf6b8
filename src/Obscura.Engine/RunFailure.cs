namespace Obscura.Engine;

/// <summary>What a failed run reports.</summary>
internal static class RunFailure
{
    /// <summary>
    /// The exception to report for <paramref name="ex"/>: drivers report a cancelled command in their own ways, but
    /// when <paramref name="cancellationToken"/> was cancelled, what the user did was cancel.
    /// </summary>
    public static Exception From(Exception ex, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && ex is not OperationCanceledException ? new OperationCanceledException("cancelled", ex, cancellationToken) : ex;
}
