namespace Obscura.Core.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; the run proceeds.</summary>
    Warning,
    /// <summary>Stops the run before anything is written.</summary>
    Error,
}

/// <summary>
/// One problem found in config, plan or schema mapping. Problems are collected and reported together,
/// each with its place (a YAML path with line/column when known). Never contains row values or secrets.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Path, string Code, string Message)
{
    /// <summary>Line in the source file, 1-based, when known.</summary>
    public int? Line { get; init; }
    /// <summary>Column in the source file, 1-based, when known.</summary>
    public int? Column { get; init; }

    /// <summary>"error OBS012 at tables.x.columns.y (line 4, col 7): message".</summary>
    public override string ToString()
    {
        var where = Line is { } l ? $" (line {l}, col {Column ?? 1})" : string.Empty;
        var sev = Severity == Severity.Error ? "error" : "warning";
        return string.IsNullOrEmpty(Path) ? $"{sev} {Code}: {Message}" : $"{sev} {Code} at {Path}{where}: {Message}";
    }
}
