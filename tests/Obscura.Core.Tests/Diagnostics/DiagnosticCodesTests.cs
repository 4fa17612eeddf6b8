using System.Reflection;
using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Tests.Diagnostics;

public sealed partial class DiagnosticCodesTests
{
    private static IEnumerable<(string Name, string Code)> Codes() =>
        typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!));

    [Fact]
    public void Every_code_names_one_problem()
    {
        // Commands add codes independently; two meanings for one code would make the docs and scripts ambiguous.
        var clashes = Codes().GroupBy(c => c.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}").ToList();
        Assert.True(clashes.Count == 0, "codes used twice: " + string.Join("; ", clashes));
    }

    [Fact]
    public void Every_code_is_documented_in_the_config_reference()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "config.md"));
        var missing = Codes().Select(c => c.Code).Where(code => !docs.Contains($"| {code} |", StringComparison.Ordinal)).Order().ToList();
        Assert.True(missing.Count == 0, "not in docs/config.md: " + string.Join(", ", missing));
        Assert.All(Codes(), c => Assert.Matches(CodeShape(), c.Code));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Obscura.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex("^OBS[0-9]{3}$")]
    private static partial Regex CodeShape();
}
