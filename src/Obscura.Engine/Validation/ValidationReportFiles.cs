namespace Obscura.Engine.Validation;

/// <summary>Writes <c>validation-report.json</c> and <c>validation-report.html</c> into a directory.</summary>
public static class ValidationReportFiles
{
    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "validation-report.json";
    /// <summary>The HTML file name.</summary>
    public const string HtmlFileName = "validation-report.html";

    /// <summary>Writes both files (creating the directory) and returns their paths.</summary>
    public static async Task<(string Json, string Html)> WriteAsync(ValidationReport report, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFileName);
        var html = Path.Combine(directory, HtmlFileName);
        await File.WriteAllTextAsync(json, ValidationJson.Serialize(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(html, ValidationHtml.Render(report), cancellationToken).ConfigureAwait(false);
        return (json, html);
    }
}
