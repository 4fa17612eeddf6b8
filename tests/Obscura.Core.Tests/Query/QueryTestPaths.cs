namespace Obscura.Core.Tests.Query;

/// <summary>Finds <c>../shared/datasets</c> beside the repository (never copied into it).</summary>
internal static class QueryTestPaths
{
    public static string DatasetsRoot { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.GetFiles("Obscura.slnx").Length == 0) continue;
            var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
            if (Directory.Exists(beside)) return beside;
        }
        throw new InvalidOperationException("../shared/datasets was not found beside the repository");
    }
}
