using System.Globalization;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// A generalization hierarchy in ARX's CSV format: one line per leaf value, <c>leaf;level1;...;top</c>, every line with
/// the same number of levels. Leaves are numbered in depth-first order of the tree the lines describe, so the lowest
/// common ancestor of any set of leaves is the one of its smallest and largest number, and a node covers one contiguous
/// range of leaf numbers. Nodes are identified by their path from the top, so one label may appear under two parents.
/// </summary>
public sealed class Hierarchy
{
    private readonly Dictionary<string, int> _leafByValue;
    private readonly Node[] _nodes;
    // Per leaf: its ancestors' node indexes from the leaf (level 0) up to the top.
    private readonly int[][] _ancestors;
    private readonly double[]? _lossTable;

    private Hierarchy(string name, string[] leaves, Node[] nodes, int[][] ancestors)
    {
        Name = name;
        Leaves = leaves;
        _nodes = nodes;
        _ancestors = ancestors;
        _leafByValue = new Dictionary<string, int>(leaves.Length, StringComparer.Ordinal);
        for (var i = 0; i < leaves.Length; i++) _leafByValue[leaves[i]] = i;
        Height = ancestors[0].Length;
        // A dense table of label losses when it is small: the search asks for them in its innermost loop.
        if (leaves.Length <= 512)
        {
            _lossTable = new double[leaves.Length * leaves.Length];
            for (var lo = 0; lo < leaves.Length; lo++)
            {
                for (var hi = lo; hi < leaves.Length; hi++) _lossTable[lo * leaves.Length + hi] = ComputeLoss(lo, hi);
            }
        }
    }

    private sealed record Node(string Label, int Level, int FirstLeaf, int LastLeaf)
    {
        public int LeafCount => LastLeaf - FirstLeaf + 1;
    }

    /// <summary>What the hierarchy generalizes (the file or column name), for messages.</summary>
    public string Name { get; }

    /// <summary>The leaf values in depth-first order; a value's index is its code.</summary>
    public IReadOnlyList<string> Leaves { get; }

    /// <summary>Levels per line, the leaf included (a leaf-and-top hierarchy has 2).</summary>
    public int Height { get; }

    /// <summary>The code of a leaf value, or -1 when the hierarchy does not cover it.</summary>
    public int LeafOf(string value) => _leafByValue.TryGetValue(value, out var i) ? i : -1;

    /// <summary>The label of the lowest common ancestor of the leaves <paramref name="lo"/>..<paramref name="hi"/>.</summary>
    public string Label(int lo, int hi) => _nodes[Lca(lo, hi)].Label;

    /// <summary>The label of <paramref name="leaf"/>'s ancestor at <paramref name="level"/> (0 is the leaf itself).</summary>
    public string LabelAt(int leaf, int level) => _nodes[_ancestors[leaf][level]].Label;

    /// <summary>A number identifying <paramref name="leaf"/>'s ancestor at <paramref name="level"/> (equal for leaves that share it).</summary>
    public int NodeAt(int leaf, int level) => _ancestors[leaf][level];

    /// <summary>The loss of a node: (leaves under it − 1) / (leaves − 1); 0 for a one-leaf hierarchy.</summary>
    public double NodeLoss(int node) => Leaves.Count <= 1 ? 0 : (_nodes[node].LeafCount - 1) / (double)(Leaves.Count - 1);

    /// <summary>The loss of the lowest common ancestor of the leaves <paramref name="lo"/>..<paramref name="hi"/> (lo ≤ hi).</summary>
    public double Loss(int lo, int hi) => _lossTable is { } t ? t[lo * Leaves.Count + hi] : ComputeLoss(lo, hi);

    /// <summary>The leaf codes the lowest common ancestor of <paramref name="lo"/>..<paramref name="hi"/> covers (first, last).</summary>
    public (int First, int Last) Cover(int lo, int hi)
    {
        var n = _nodes[Lca(lo, hi)];
        return (n.FirstLeaf, n.LastLeaf);
    }

    /// <summary>The leaf codes <paramref name="leaf"/>'s ancestor at <paramref name="level"/> covers (first, last).</summary>
    public (int First, int Last) CoverAt(int leaf, int level)
    {
        var n = _nodes[_ancestors[leaf][level]];
        return (n.FirstLeaf, n.LastLeaf);
    }

    /// <summary>The leaf codes a label of this hierarchy covers (first, last), or null when no node has that label.</summary>
    public (int First, int Last)? Covering(string label)
    {
        foreach (var n in _nodes)
        {
            if (n.Label == label) return (n.FirstLeaf, n.LastLeaf);
        }
        return null;
    }

    /// <summary>The number of leaves under the node labelled <paramref name="label"/> (the first such node), or -1.</summary>
    public int LeafCount(string label) => Covering(label) is { } c ? c.Last - c.First + 1 : -1;

    private double ComputeLoss(int lo, int hi) => NodeLoss(Lca(lo, hi));

    private int Lca(int lo, int hi)
    {
        if (lo > hi) (lo, hi) = (hi, lo);
        foreach (var a in _ancestors[lo])
        {
            if (_nodes[a].LastLeaf >= hi) return a;
        }
        return _ancestors[lo][^1];
    }

    /// <summary>
    /// Parses ARX's format (';' separated; ',' or tab also accepted when a file has no ';'). Problems are reported with the
    /// file's line number and never quote a value: a line with a different number of levels than the first, a repeated
    /// leaf, more than one top. Empty lines are skipped.
    /// </summary>
    public static Hierarchy Parse(string name, IEnumerable<string> lines, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var rows = new List<(string[] Fields, int Line)>();
        var lineNumber = 0;
        char? separator = null;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd('\r', '\n');
            if (line.Length == 0) continue;
            separator ??= line.Contains(';', StringComparison.Ordinal) ? ';' : line.Contains('\t', StringComparison.Ordinal) ? '\t' : line.Contains(',', StringComparison.Ordinal) ? ',' : ';';
            var fields = line.Split(separator.Value);
            for (var i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
            rows.Add((fields, lineNumber));
        }
        var errorsBefore = diagnostics.Items.Count(d => d.Severity == Severity.Error);
        if (rows.Count == 0)
        {
            diagnostics.Error(name, DiagnosticCodes.HierarchyInvalid, "the hierarchy has no lines");
            return Fallback(name);
        }
        var height = rows[0].Fields.Length;
        if (height < 2) diagnostics.Error(name, DiagnosticCodes.HierarchyInvalid, "every line needs the leaf and at least one more level (leaf;...;*)", rows[0].Line);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (fields, line) in rows)
        {
            if (fields.Length != height)
            {
                diagnostics.Error(name, DiagnosticCodes.HierarchyInvalid,
                    $"line has {fields.Length.ToString(CultureInfo.InvariantCulture)} levels, the first line {height.ToString(CultureInfo.InvariantCulture)}", line);
                continue;
            }
            if (!seen.TryAdd(fields[0], line))
            {
                diagnostics.Error(name, DiagnosticCodes.HierarchyInvalid, $"the leaf of this line repeats line {seen[fields[0]].ToString(CultureInfo.InvariantCulture)}", line);
            }
        }
        if (height >= 2 && rows.Where(r => r.Fields.Length == height).Select(r => r.Fields[^1]).Distinct(StringComparer.Ordinal).Count() > 1)
            diagnostics.Error(name, DiagnosticCodes.HierarchyInvalid, "the last level must be one common top (such as *)", rows[0].Line);
        if (diagnostics.Items.Count(d => d.Severity == Severity.Error) > errorsBefore) return Fallback(name);

        // A trie from the top down, children in first-seen order; its depth-first walk numbers the leaves.
        var root = new TrieNode(rows[0].Fields[^1]);
        foreach (var (fields, _) in rows)
        {
            var node = root;
            for (var level = height - 2; level >= 0; level--) node = node.Child(fields[level]);
        }
        var leaves = new List<string>(rows.Count);
        var nodes = new List<Node>();
        var ancestorsByLeaf = new List<int[]>();
        var path = new Stack<int>();
        Walk(root, height - 1);
        return new Hierarchy(name, leaves.ToArray(), nodes.ToArray(), ancestorsByLeaf.ToArray());

        int Walk(TrieNode node, int level)
        {
            var index = nodes.Count;
            nodes.Add(new Node(node.Label, level, leaves.Count, -1));
            path.Push(index);
            if (level == 0)
            {
                leaves.Add(node.Label);
                ancestorsByLeaf.Add(path.ToArray());
            }
            foreach (var child in node.Children) Walk(child, level - 1);
            path.Pop();
            nodes[index] = nodes[index] with { LastLeaf = leaves.Count - 1 };
            return index;
        }
    }

    private static Hierarchy Fallback(string name) => new(name, ["*"], [new Node("*", 0, 0, 0)], [[0]]);

    private sealed class TrieNode(string label)
    {
        private readonly Dictionary<string, TrieNode> _byLabel = new(StringComparer.Ordinal);

        public string Label { get; } = label;
        public List<TrieNode> Children { get; } = [];

        public TrieNode Child(string label)
        {
            if (!_byLabel.TryGetValue(label, out var child))
            {
                child = new TrieNode(label);
                _byLabel[label] = child;
                Children.Add(child);
            }
            return child;
        }
    }
}
