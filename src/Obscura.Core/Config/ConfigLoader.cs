namespace Obscura.Core.Config;

/// <summary>Reads <c>obscura.yaml</c> into <see cref="ObscuraConfig"/>, keeping line/column of every node for diagnostics.</summary>
public static class ConfigLoader
{
    /// <summary>Loads a file.</summary>
    /// <exception cref="Diagnostics.ObscuraConfigException">Unreadable file, YAML syntax error, or unknown/ill-shaped keys (all listed).</exception>
    public static ObscuraConfig LoadFile(string path) => throw new NotImplementedException();

    /// <summary>Parses YAML text; <paramref name="fileName"/> is used in diagnostics.</summary>
    /// <exception cref="Diagnostics.ObscuraConfigException">YAML syntax error, or unknown/ill-shaped keys (all listed).</exception>
    public static ObscuraConfig Parse(string yaml, string fileName = "obscura.yaml") => throw new NotImplementedException();
}
