using Obscura.Core.Schema;

namespace Obscura.Engine.Copy;

/// <summary>Receives progress from a copy; called from several threads at once. Never receives row values.</summary>
public interface ICopyProgress
{
    /// <summary>A phase of the run began ("creating tables", "building indexes", ...).</summary>
    void Phase(string description);
    /// <summary>Loading is about to start: how many tables and (estimated, -1 unknown) rows in all.</summary>
    void LoadPlanned(int tables, long estimatedRows)
    {
    }
    /// <summary>A table started loading; <paramref name="estimatedRows"/> is -1 when unknown.</summary>
    void TableStarted(TableName table, long estimatedRows);
    /// <summary>Rows loaded so far into a table.</summary>
    void RowsCopied(TableName table, long rows);
    /// <summary>A table finished loading.</summary>
    void TableFinished(TableName table, long rows, TimeSpan elapsed);
    /// <summary>A table failed (the message has no values).</summary>
    void TableFailed(TableName table, string message);
}

/// <summary>Progress that goes nowhere.</summary>
public sealed class NullCopyProgress : ICopyProgress
{
    /// <summary>The single instance.</summary>
    public static NullCopyProgress Instance { get; } = new();
    /// <inheritdoc />
    public void Phase(string description) { }
    /// <inheritdoc />
    public void TableStarted(TableName table, long estimatedRows) { }
    /// <inheritdoc />
    public void RowsCopied(TableName table, long rows) { }
    /// <inheritdoc />
    public void TableFinished(TableName table, long rows, TimeSpan elapsed) { }
    /// <inheritdoc />
    public void TableFailed(TableName table, string message) { }
}
