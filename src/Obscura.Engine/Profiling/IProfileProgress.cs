namespace Obscura.Engine.Profiling;

/// <summary>Receives progress from a profile run; called from several threads at once. Never receives row values.</summary>
public interface IProfileProgress
{
    /// <summary>A phase of the run began ("inspecting", "reading tables").</summary>
    void Phase(string description);
    /// <summary>A table was read and summarized (its profile holds no values of columns classified as personal data).</summary>
    void TableFinished(TableProfile table);
}

/// <summary>Progress that goes nowhere.</summary>
public sealed class NullProfileProgress : IProfileProgress
{
    /// <summary>The single instance.</summary>
    public static NullProfileProgress Instance { get; } = new();
    /// <inheritdoc />
    public void Phase(string description) { }
    /// <inheritdoc />
    public void TableFinished(TableProfile table) { }
}
