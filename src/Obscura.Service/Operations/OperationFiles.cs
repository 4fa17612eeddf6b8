using System.Globalization;

namespace Obscura.Service.Operations;

/// <summary>Where an operation's files live (run reports, validation report, scan outputs, dumps) and which of them users may download.</summary>
internal static class OperationFiles
{
    /// <summary>Files a finished operation may leave for download, by name; nothing else in its directory is served.</summary>
    public static IReadOnlyList<string> Downloadable { get; } =
    [
        Engine.Validation.ValidationReportFiles.HtmlFileName, Engine.Validation.ValidationReportFiles.JsonFileName,
        Engine.Discovery.ScanFiles.Inventory, Engine.Discovery.ScanFiles.Config, Engine.Discovery.ScanFiles.Catalog,
    ];

    /// <summary>The operation's own directory under the service's data directory.</summary>
    public static string DirectoryOf(ServiceSettings settings, long id) =>
        Path.Combine(Path.GetFullPath(settings.DataDirectory), "operation-" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The downloadable files the operation has, in <see cref="Downloadable"/> order.</summary>
    public static IReadOnlyList<string> Existing(ServiceSettings settings, long id)
    {
        var directory = DirectoryOf(settings, id);
        return Downloadable.Where(name => File.Exists(Path.Combine(directory, name))).ToList();
    }
}
