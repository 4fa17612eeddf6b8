namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// Full-domain (global, single-level) recoding: every value of a quasi-identifier is generalized to the same level of
/// its hierarchy, and rows of classes that break the criteria are suppressed, within the limit. The search is optimal
/// for NCP over the generalization lattice: nodes are visited in ascending order of a lower bound of their loss (the
/// NCP the node's labels alone cost, which suppression can only raise), a node that fails tags every node below it as
/// failing (the criteria are monotone under generalization, the pruning OLA and Flash use), and the search stops once
/// the bound reaches the best loss found.
/// </summary>
public static class FullDomainSearch
{
    /// <summary>The largest lattice searched.</summary>
    public const long MaxNodes = 5_000_000;

    /// <summary>Finds the generalization with the least NCP that holds <paramref name="criteria"/> within the suppression limit.</summary>
    /// <exception cref="ArgumentException">The lattice has more than <see cref="MaxNodes"/> nodes.</exception>
    public static Anonymization Run(EncodedTable table, ReleaseCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(criteria);
        var attributes = table.Attributes;
        var q = attributes.Count;
        var n = table.Rows;
        var levels = attributes.Select(a => a.Levels).ToArray();
        long size = 1;
        foreach (var l in levels)
        {
            size *= l;
            if (size > MaxNodes) throw new ArgumentException($"the generalization lattice has more than {MaxNodes} nodes: use fewer quasi-identifiers or shallower hierarchies");
        }

        // Per attribute and level: each code's group (its first covered code) and loss; the mean loss over the rows.
        var group = new int[q][][];
        var loss = new double[q][][];
        var meanLoss = new double[q][];
        for (var a = 0; a < q; a++)
        {
            var histogram = new int[attributes[a].Size];
            foreach (var c in table.Codes[a]) histogram[c]++;
            group[a] = new int[levels[a]][];
            loss[a] = new double[levels[a]][];
            meanLoss[a] = new double[levels[a]];
            for (var l = 0; l < levels[a]; l++)
            {
                group[a][l] = new int[attributes[a].Size];
                loss[a][l] = new double[attributes[a].Size];
                double sum = 0;
                for (var c = 0; c < attributes[a].Size; c++)
                {
                    group[a][l][c] = attributes[a].GroupAt(c, l).First;
                    loss[a][l][c] = attributes[a].LossAt(c, l);
                    sum += histogram[c] * loss[a][l][c];
                }
                meanLoss[a][l] = n == 0 ? 0 : sum / n;
            }
        }

        var nodes = new int[size][];
        var bounds = new double[size];
        for (long i = 0; i < size; i++)
        {
            var node = new int[q];
            var rest = i;
            double bound = 0;
            for (var a = q - 1; a >= 0; a--)
            {
                node[a] = (int)(rest % levels[a]);
                rest /= levels[a];
                bound += meanLoss[a][node[a]];
            }
            nodes[i] = node;
            bounds[i] = bound / q;
        }
        var order = Enumerable.Range(0, (int)size).ToArray();
        Array.Sort(bounds.ToArray(), order);

        var evaluator = new Evaluator(table, criteria, group, loss);
        // Failing nodes and everything below them (more specific nodes fail too), tagged as they are found.
        var failed = new bool[size];
        var stride = new long[q];
        stride[q - 1] = 1;
        for (var a = q - 2; a >= 0; a--) stride[a] = stride[a + 1] * levels[a + 1];
        var below = new Stack<long>();
        int[]? best = null;
        var bestLoss = double.PositiveInfinity;
        var checkedNodes = 0;
        foreach (var i in order)
        {
            if (bounds[i] >= bestLoss - 1e-12) break;
            var node = nodes[i];
            if (failed[i]) continue;
            cancellationToken.ThrowIfCancellationRequested();
            checkedNodes++;
            var (ok, nodeLoss) = evaluator.Evaluate(node);
            if (!ok)
            {
                failed[i] = true;
                below.Push(i);
                while (below.TryPop(out var f))
                {
                    for (var a = 0; a < q; a++)
                    {
                        if (nodes[f][a] == 0 || failed[f - stride[a]]) continue;
                        failed[f - stride[a]] = true;
                        below.Push(f - stride[a]);
                    }
                }
                continue;
            }
            if (nodeLoss < bestLoss)
            {
                bestLoss = nodeLoss;
                best = node;
            }
        }
        if (best is null)
        {
            var none = new int[n];
            Array.Fill(none, -1);
            return new Anonymization { ClassOf = none, Classes = [], Method = "full-domain", NodesChecked = checkedNodes };
        }
        return evaluator.Build(best) with { NodesChecked = checkedNodes };
    }

    private sealed class Evaluator(EncodedTable table, ReleaseCriteria criteria, int[][][] group, double[][][] loss)
    {
        private readonly int[] _classOf = new int[table.Rows];
        private readonly int[] _next = new int[table.Rows];
        private readonly Dictionary<long, int> _ids = new(1024);
        private readonly int _budget = criteria.SuppressionBudget(table.Rows);

        // Per attribute and level: each code's group as a dense index, and the number of groups.
        private readonly int[][][] _dense = Densify(group);
        private readonly int[][] _groupCounts = CountGroups(group);

        private static int[][][] Densify(int[][][] group)
        {
            var result = new int[group.Length][][];
            for (var a = 0; a < group.Length; a++)
            {
                result[a] = new int[group[a].Length][];
                for (var l = 0; l < group[a].Length; l++)
                {
                    var ids = new Dictionary<int, int>();
                    result[a][l] = group[a][l].Select(g => ids.TryGetValue(g, out var id) ? id : ids[g] = ids.Count).ToArray();
                }
            }
            return result;
        }

        private static int[][] CountGroups(int[][][] group) =>
            group.Select(levels => levels.Select(g => g.Distinct().Count()).ToArray()).ToArray();

        /// <summary>Assigns each row its class under <paramref name="node"/>; returns the number of classes.</summary>
        private int Classify(int[] node)
        {
            // One mixed-radix key per row while it fits in a long, re-numbered through one dictionary pass.
            var keys = _next;
            var rows = table.Rows;
            Array.Clear(_classOf);
            var classes = 1;
            var a = 0;
            while (a < node.Length)
            {
                _ids.Clear();
                long radix = classes;
                var from = a;
                for (; a < node.Length; a++)
                {
                    var groups = _groupCounts[a][node[a]];
                    if (radix > long.MaxValue / groups / 2 && a > from) break;
                    radix *= groups;
                }
                for (var r = 0; r < rows; r++)
                {
                    long key = _classOf[r];
                    for (var b = from; b < a; b++)
                    {
                        var dense = _dense[b][node[b]];
                        key = key * _groupCounts[b][node[b]] + dense[table.Codes[b][r]];
                    }
                    if (!_ids.TryGetValue(key, out var id))
                    {
                        id = _ids.Count;
                        _ids[key] = id;
                    }
                    keys[r] = id;
                }
                Array.Copy(keys, _classOf, rows);
                classes = _ids.Count;
            }
            return classes;
        }

        /// <summary>Per class: whether it holds the criteria.</summary>
        private bool[] Passing(int classes)
        {
            var sizes = new int[classes];
            foreach (var c in _classOf) sizes[c]++;
            var passing = new bool[classes];
            if (criteria.Models.Count == 0 || table.Sensitive is null)
            {
                for (var c = 0; c < classes; c++) passing[c] = sizes[c] >= criteria.K;
                return passing;
            }
            // Rows grouped by class (counting sort), then one scratch count array per class in turn.
            var start = new int[classes + 1];
            for (var c = 0; c < classes; c++) start[c + 1] = start[c] + sizes[c];
            var fill = (int[])start.Clone();
            var byClass = new int[table.Rows];
            for (var r = 0; r < table.Rows; r++) byClass[fill[_classOf[r]]++] = r;
            var counts = new int[table.SensitiveValues];
            var sensitive = table.Sensitive;
            for (var c = 0; c < classes; c++)
            {
                if (sizes[c] < criteria.K) continue;
                for (var i = start[c]; i < start[c + 1]; i++) counts[sensitive[byClass[i]]]++;
                passing[c] = criteria.Holds(counts, sizes[c]);
                for (var i = start[c]; i < start[c + 1]; i++) counts[sensitive[byClass[i]]] = 0;
            }
            return passing;
        }

        public (bool Ok, double Loss) Evaluate(int[] node)
        {
            var passing = Passing(Classify(node));
            var suppressed = 0;
            double cells = 0;
            for (var r = 0; r < table.Rows; r++)
            {
                if (!passing[_classOf[r]])
                {
                    if (++suppressed > _budget) return (false, double.PositiveInfinity);
                    cells += node.Length;
                    continue;
                }
                for (var a = 0; a < node.Length; a++) cells += loss[a][node[a]][table.Codes[a][r]];
            }
            return (true, table.Rows == 0 ? 0 : cells / ((double)table.Rows * node.Length));
        }

        public Anonymization Build(int[] node)
        {
            var classes = Classify(node);
            var passing = Passing(classes);
            var index = new int[classes];
            Array.Fill(index, -1);
            var result = new List<EquivalenceClass>();
            var sizes = new List<int>();
            var representative = new List<int>();
            var classOf = new int[table.Rows];
            for (var r = 0; r < table.Rows; r++)
            {
                var c = _classOf[r];
                if (!passing[c])
                {
                    classOf[r] = -1;
                    continue;
                }
                if (index[c] < 0)
                {
                    index[c] = sizes.Count;
                    sizes.Add(0);
                    representative.Add(r);
                }
                sizes[index[c]]++;
                classOf[r] = index[c];
            }
            var q = node.Length;
            for (var i = 0; i < sizes.Count; i++)
            {
                var r = representative[i];
                var labels = new string[q];
                var losses = new double[q];
                var first = new int[q];
                var last = new int[q];
                for (var a = 0; a < q; a++)
                {
                    var code = table.Codes[a][r];
                    labels[a] = table.Attributes[a].LabelAt(code, node[a]);
                    losses[a] = loss[a][node[a]][code];
                    (first[a], last[a]) = table.Attributes[a].GroupAt(code, node[a]);
                }
                result.Add(new EquivalenceClass { Size = sizes[i], Labels = labels, Losses = losses, CoverFirst = first, CoverLast = last });
            }
            return new Anonymization { ClassOf = classOf, Classes = result, Method = "full-domain", Levels = node };
        }
    }
}
