using DiffPlex;
using DiffPlex.Chunkers;

namespace Obscura.Service.Operations;

/// <summary>
/// A line diff of two config texts (DiffPlex's Myers diff), shaped for reading: changed lines with
/// <see cref="DefaultContext"/> unchanged lines around them, longer unchanged runs folded into one "skipped" line.
/// </summary>
internal static class ConfigLineDiff
{
    /// <summary>Unchanged lines kept before and after each change.</summary>
    public const int DefaultContext = 3;

    /// <summary>The diff of <paramref name="before"/> and <paramref name="after"/>; empty when the texts are equal.</summary>
    public static IReadOnlyList<ConfigDiffLine> Compare(string? before, string? after, int context = DefaultContext)
    {
        before = Normalize(before);
        after = Normalize(after);
        if (before == after) return [];
        // An empty side is one empty piece to the differ, not zero lines: every line of the other side simply came or went.
        if (before.Length == 0) return Fold([.. after.Split('\n').Select((l, i) => new ConfigDiffLine("added", null, i + 1, l))], context);
        if (after.Length == 0) return Fold([.. before.Split('\n').Select((l, i) => new ConfigDiffLine("removed", i + 1, null, l))], context);
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var old = result.PiecesOld;
        var lines = new List<ConfigDiffLine>();
        int a = 0, b = 0;
        void Unchanged(int untilA)
        {
            while (a < untilA) lines.Add(new ConfigDiffLine("unchanged", a + 1, ++b, old[a++]));
        }
        foreach (var block in result.DiffBlocks)
        {
            Unchanged(block.DeleteStartA);
            for (var i = 0; i < block.DeleteCountA; i++) lines.Add(new ConfigDiffLine("removed", a + 1, null, old[a++]));
            for (var i = 0; i < block.InsertCountB; i++) lines.Add(new ConfigDiffLine("added", null, b + 1, result.PiecesNew[b++]));
        }
        Unchanged(old.Count);
        return Fold(lines, context);
    }

    /// <summary>Line ends as \n, no trailing newlines: two configs differing only there are the same.</summary>
    internal static string Normalize(string? text) => string.IsNullOrEmpty(text) ? "" : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    /// <summary>Keeps <paramref name="context"/> unchanged lines next to each change and folds the rest of each unchanged run.</summary>
    private static List<ConfigDiffLine> Fold(List<ConfigDiffLine> lines, int context)
    {
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == "unchanged") continue;
            var (from, to) = ((int)Math.Max(0L, (long)i - context), (int)Math.Min(lines.Count - 1L, (long)i + context));
            for (var j = from; j <= to; j++) keep[j] = true;
        }
        var folded = new List<ConfigDiffLine>();
        for (var i = 0; i < lines.Count;)
        {
            if (keep[i])
            {
                folded.Add(lines[i++]);
                continue;
            }
            var start = i;
            while (i < lines.Count && !keep[i]) i++;
            var count = i - start;
            if (count == 1)
            {
                folded.Add(lines[start]);
                continue;
            }
            folded.Add(new ConfigDiffLine("skipped", lines[start].OldLine, lines[start].NewLine, $"{count} unchanged lines"));
        }
        return folded;
    }
}
