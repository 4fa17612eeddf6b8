using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Engine.Release.Internal;

/// <summary>Finds and parses a column's hierarchy file: COLUMN.csv in the directory, case-insensitively, '-' and '_' alike.</summary>
internal static class HierarchyFiles
{
    public static string? Find(string directory, string column)
    {
        if (!Directory.Exists(directory)) return null;
        var wanted = Normalize(column);
        return Directory.EnumerateFiles(directory, "*.csv")
            .Where(f => Normalize(Path.GetFileNameWithoutExtension(f)) == wanted)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static Hierarchy? Load(string path, DiagnosticBag diagnostics)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(path, DiagnosticCodes.HierarchyInvalid, $"cannot read the hierarchy: {ex.Message}");
            return null;
        }
        var errors = diagnostics.Items.Count;
        var hierarchy = Hierarchy.Parse(path, lines, diagnostics);
        return diagnostics.Items.Skip(errors).Any(d => d.Severity == Severity.Error) ? null : hierarchy;
    }

    private static string Normalize(string name) => name.Replace('-', '_').ToLowerInvariant();
}
