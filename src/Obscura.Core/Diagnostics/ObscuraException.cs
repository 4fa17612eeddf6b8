namespace Obscura.Core.Diagnostics;

/// <summary>Base of errors worded for users: what went wrong, where, and how to fix it. Never holds row values or secrets.</summary>
public class ObscuraException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObscuraException(string message) : base(message) { }
    /// <summary>Creates the exception with a cause.</summary>
    public ObscuraException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public ObscuraException() { }
}

/// <summary>Bad configuration or usage (exit code 2). Carries every diagnostic found.</summary>
public sealed class ObscuraConfigException : ObscuraException
{
    /// <summary>All diagnostics, errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Creates the exception from collected diagnostics.</summary>
    public ObscuraConfigException(string what, IReadOnlyList<Diagnostic> diagnostics)
        : base(Format(what, diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Creates the exception with one message.</summary>
    public ObscuraConfigException(string message) : base(message) { }
    /// <summary>Creates the exception with one message and a cause.</summary>
    public ObscuraConfigException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public ObscuraConfigException() { }

    private static string Format(string what, IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        return $"{what}: {errors} problem{(errors == 1 ? "" : "s")}:" + Environment.NewLine +
               string.Join(Environment.NewLine, diagnostics.Where(d => d.Severity == Severity.Error).Select(d => "  " + d));
    }
}

/// <summary>A database could not be reached or refused an operation (exit code 3). The message never contains a password.</summary>
public sealed class ObscuraDatabaseException : ObscuraException
{
    /// <summary>Creates the exception.</summary>
    public ObscuraDatabaseException(string message) : base(message) { }
    /// <summary>Creates the exception with the driver's exception as cause.</summary>
    public ObscuraDatabaseException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public ObscuraDatabaseException() { }
}

/// <summary>A run finished but its checks failed (exit code 1): row counts differ, validation failed.</summary>
public sealed class ObscuraValidationException : ObscuraException
{
    /// <summary>Creates the exception.</summary>
    public ObscuraValidationException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public ObscuraValidationException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public ObscuraValidationException() { }
}
