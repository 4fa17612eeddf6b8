namespace Obscura.Service.Store;

/// <summary>What retention removed: report files of how many operations, and when (the latest removal of a batch).</summary>
public sealed record ReportRemoval(int Operations, int Files, DateTimeOffset RemovedAt);
