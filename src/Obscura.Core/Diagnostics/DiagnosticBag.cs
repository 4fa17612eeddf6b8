namespace Obscura.Core.Diagnostics;

/// <summary>Collects diagnostics so every problem is reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>Everything collected, in order.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True when at least one error was collected.</summary>
    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);

    /// <summary>Adds a diagnostic.</summary>
    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    /// <summary>Adds an error.</summary>
    public void Error(string path, string code, string message, int? line = null, int? column = null) =>
        _items.Add(new Diagnostic(Severity.Error, path, code, message) { Line = line, Column = column });

    /// <summary>Adds a warning.</summary>
    public void Warning(string path, string code, string message, int? line = null, int? column = null) =>
        _items.Add(new Diagnostic(Severity.Warning, path, code, message) { Line = line, Column = column });

    /// <summary>Adds all diagnostics of another bag.</summary>
    public void AddRange(IEnumerable<Diagnostic> items) => _items.AddRange(items);

    /// <summary>Throws <see cref="ObscuraConfigException"/> listing every error when there is one.</summary>
    public void ThrowIfErrors(string what)
    {
        if (HasErrors) throw new ObscuraConfigException(what, _items);
    }
}
