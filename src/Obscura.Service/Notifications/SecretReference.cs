using Obscura.Core.Diagnostics;

namespace Obscura.Service.Notifications;

/// <summary><c>env:NAME</c> and <c>file:PATH</c>: a secret named in settings, read only when it is used.</summary>
internal static class SecretReference
{
    public static bool IsReference(string text) =>
        text.StartsWith("env:", StringComparison.Ordinal) || text.StartsWith("file:", StringComparison.Ordinal);

    /// <summary>The value: the reference resolved, or the text itself when it is not a reference.</summary>
    /// <exception cref="ObscuraConfigException">An unset variable or a missing file (the message names it, never a value).</exception>
    public static string Resolve(string text)
    {
        if (text.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = text[4..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new ObscuraConfigException($"the environment variable {name} is not set", [new Diagnostic(Severity.Error, "notifications", DiagnosticCodes.ServiceInvalidNotifications, $"{name} is not set")]);
        }
        if (text.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = text[5..];
            return File.Exists(path)
                ? File.ReadAllText(path).Trim()
                : throw new ObscuraConfigException($"the file {path} does not exist", [new Diagnostic(Severity.Error, "notifications", DiagnosticCodes.ServiceInvalidNotifications, $"{path} does not exist")]);
        }
        return text;
    }
}
