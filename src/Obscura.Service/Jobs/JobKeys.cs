using System.Globalization;

namespace Obscura.Service.Jobs;

/// <summary>Job keys and statuses of <see cref="Store.OperationJobRecord"/>.</summary>
internal static class JobKeys
{
    /// <summary>Plans the operation: a partitioned copy's tables and pieces, or one whole job.</summary>
    public const string Start = "start";
    /// <summary>Runs the operation in one piece (everything but a partitionable copy).</summary>
    public const string Whole = "whole";
    /// <summary>Builds constraints and verifies once every piece is done.</summary>
    public const string Finish = "finish";

    /// <summary>The key of piece <paramref name="index"/>; zero-padded so keys sort in order.</summary>
    public static string Part(int index) => "part:" + index.ToString("D5", CultureInfo.InvariantCulture);

    public static bool IsPart(string key) => key.StartsWith("part:", StringComparison.Ordinal);

    public const string Waiting = "waiting";
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsEnded(string status) => status is Done or Failed or Cancelled;
}
