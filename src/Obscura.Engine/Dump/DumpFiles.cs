using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Dump;

/// <summary>
/// The files of one dump: each is written under a hidden temporary name next to its final one and renamed only when the
/// whole dump succeeded, so a failed or cancelled dump never leaves a half file that looks complete.
/// </summary>
internal sealed class DumpFiles
{
    private readonly List<(string Temp, string Final)> _files = [];
    private readonly string _tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>The final paths, in the order they were created.</summary>
    public IEnumerable<string> Finals => _files.Select(f => f.Final);

    /// <summary>Creates the temporary file for <paramref name="finalPath"/>.</summary>
    /// <exception cref="ObscuraConfigException">The file cannot be created (missing or read-only directory).</exception>
    public FileStream Create(string finalPath)
    {
        var full = Path.GetFullPath(finalPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{_tag}.partial");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            _files.Add((temp, full));
            return stream;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObscuraConfigException($"cannot write the dump output {full}: {ex.Message}");
        }
    }

    /// <summary>A UTF-8 text writer (no BOM) into a new file, gzip-compressed when asked, formatting and writing on two cores.</summary>
    public PipelinedTextWriter CreateText(string finalPath, bool gzip)
    {
        Stream stream = Create(finalPath);
        if (gzip) stream = new GZipStream(stream, CompressionLevel.Fastest);
        return new PipelinedTextWriter(new StreamWriter(stream, new UTF8Encoding(false), 1 << 16));
    }

    /// <summary>Gives every file its final name (replacing an older file of that name).</summary>
    public void Commit()
    {
        foreach (var (temp, final) in _files) File.Move(temp, final, overwrite: true);
        _files.Clear();
    }

    /// <summary>Deletes every temporary file (a failed dump).</summary>
    public void Discard()
    {
        foreach (var (temp, _) in _files)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: the name marks it as partial.
            }
        }
        _files.Clear();
    }
}
