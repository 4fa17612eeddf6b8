using System.CommandLine;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;

namespace Obscura.Cli;

/// <summary>Options shared by several commands, and reading secrets from the environment or files.</summary>
internal static class CliOptions
{
    /// <summary>--source URI.</summary>
    public static Option<string> Source(bool required = true) => new("--source", "-s")
    {
        Description = "Source database: sqlite:PATH, postgres://user@host[:port]/db, mysql://user@host[:port]/db. Password from OBSCURA_SOURCE_PASSWORD.",
        Required = required,
    };

    /// <summary>--target URI.</summary>
    public static Option<string> Target() => new("--target", "-t")
    {
        Description = "Target database URI (created when missing). Password from OBSCURA_TARGET_PASSWORD.",
        Required = true,
    };

    /// <summary>--secret-file PATH.</summary>
    public static Option<FileInfo?> SecretFile() => new("--secret-file")
    {
        Description = "File holding the run secret for keyed strategies (default: the OBSCURA_SECRET environment variable).",
    };

    /// <summary>The run secret from --secret-file or OBSCURA_SECRET, or null when neither is set.</summary>
    public static RunSecret? ReadSecret(FileInfo? file)
    {
        if (file is not null)
        {
            if (!file.Exists) throw new ObscuraConfigException($"--secret-file {file.FullName} does not exist");
            var text = File.ReadAllText(file.FullName).Trim();
            if (text.Length == 0) throw new ObscuraConfigException($"--secret-file {file.FullName} is empty");
            return RunSecret.FromText(text);
        }
        var env = Environment.GetEnvironmentVariable("OBSCURA_SECRET");
        return string.IsNullOrEmpty(env) ? null : RunSecret.FromText(env);
    }
}
