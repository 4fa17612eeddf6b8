namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// Multidimensional local recoding: Mondrian's top-down partitioning (LeFevre, DeWitt, Ramakrishnan 2006) with the
/// cut chosen for least information loss rather than at the median. Each attribute is a line of codes (numeric values
/// in order, hierarchy leaves in depth-first order), so a cut anywhere on it is allowed and each side is labelled with
/// its own tightest truthful label (range, or lowest common ancestor). Every partition tries every attribute and every
/// cut between two different codes, keeps those whose sides both hold the criteria, and takes the one whose two sides
/// cost the fewest generalized cells (size × Σ losses, computed in one sweep from each end). Cutting never raises the
/// loss, so partitions are cut until no allowed cut remains. Then the suppression budget goes, greedily, to the rows
/// whose removal saves more cells than the row itself costs (a suppressed row counts as fully generalized).
/// </summary>
/// <remarks>Time O(rows × QIs² × depth); memory O(rows) ints besides the table's codes.</remarks>
public static class MondrianRecoding
{
    /// <summary>Partitions <paramref name="table"/> into classes that hold <paramref name="criteria"/>.</summary>
    public static Anonymization Run(EncodedTable table, ReleaseCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Models.Count > 0 && table.Sensitive is null) throw new ArgumentException("the models need the sensitive column", nameof(table));
        return new Partitioner(table, criteria).Run(cancellationToken);
    }

    private sealed class Partitioner
    {
        private readonly int[][] _codes;
        private readonly AttributeDomain[] _attributes;
        private readonly int _q;
        private readonly int _n;
        private readonly int[]? _sensitive;
        private readonly ReleaseCriteria _criteria;
        private readonly int _k;
        private readonly int[] _rows;
        private readonly int[] _sorted;
        private readonly int[] _buckets;
        private readonly double[] _leftCost;
        private readonly int[] _leftStamp;
        private readonly int[] _min, _max, _runMin, _runMax;
        private readonly int[] _counts, _leftCounts, _rightCounts;
        private int _stamp;

        public Partitioner(EncodedTable table, ReleaseCriteria criteria)
        {
            _codes = [.. table.Codes];
            _attributes = [.. table.Attributes];
            _q = _attributes.Length;
            _n = table.Rows;
            _sensitive = criteria.Models.Count > 0 ? table.Sensitive : null;
            _criteria = criteria;
            _k = criteria.K;
            _rows = new int[_n];
            for (var i = 0; i < _n; i++) _rows[i] = i;
            _sorted = new int[_n];
            _buckets = new int[_attributes.Max(a => a.Size) + 2];
            _leftCost = new double[_n + 1];
            _leftStamp = new int[_n + 1];
            _min = new int[_q];
            _max = new int[_q];
            _runMin = new int[_q];
            _runMax = new int[_q];
            var s = _sensitive is null ? 0 : table.SensitiveValues;
            _counts = new int[s];
            _leftCounts = new int[s];
            _rightCounts = new int[s];
        }

        public Anonymization Run(CancellationToken ct)
        {
            var segments = new List<(int Start, int Size)>();
            var classOf = new int[_n];
            Bounds(0, _n);
            if (_n == 0 || !_criteria.Holds(_counts, _n))
            {
                Array.Fill(classOf, -1);
                return new Anonymization { ClassOf = classOf, Classes = [], Method = "mondrian" };
            }
            var stack = new Stack<(int Start, int Size)>();
            stack.Push((0, _n));
            var checkedAt = 0;
            while (stack.Count > 0)
            {
                if (++checkedAt % 256 == 0) ct.ThrowIfCancellationRequested();
                var (start, size) = stack.Pop();
                var (attribute, left) = BestCut(start, size);
                if (attribute < 0)
                {
                    segments.Add((start, size));
                    continue;
                }
                SortBy(attribute, start, size);
                Array.Copy(_sorted, 0, _rows, start, size);
                stack.Push((start + left, size - left));
                stack.Push((start, left));
            }
            Trim(segments, _criteria.SuppressionBudget(_n), ct);

            Array.Fill(classOf, -1);
            var classes = new List<EquivalenceClass>(segments.Count);
            // Two partitions can end up with the same labels: in the output they are one class, and so they are here.
            var byLabels = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (start, size) in segments)
            {
                Bounds(start, size);
                var cls = EquivalenceClass.Tight(_attributes, size, _min, _max);
                var key = string.Join('\u0001', cls.Labels);
                if (byLabels.TryGetValue(key, out var index)) classes[index] = classes[index] with { Size = classes[index].Size + size };
                else
                {
                    index = classes.Count;
                    byLabels[key] = index;
                    classes.Add(cls);
                }
                for (var i = start; i < start + size; i++) classOf[_rows[i]] = index;
            }
            return new Anonymization { ClassOf = classOf, Classes = classes, Method = "mondrian" };
        }

        /// <summary>Fills _min/_max (and _counts) for rows[start..start+size).</summary>
        private void Bounds(int start, int size)
        {
            Array.Fill(_min, int.MaxValue);
            Array.Fill(_max, int.MinValue);
            Array.Clear(_counts);
            for (var i = start; i < start + size; i++)
            {
                var r = _rows[i];
                for (var q = 0; q < _q; q++)
                {
                    var c = _codes[q][r];
                    if (c < _min[q]) _min[q] = c;
                    if (c > _max[q]) _max[q] = c;
                }
                if (_sensitive is not null) _counts[_sensitive[r]]++;
            }
        }

        private double Loss(int[] min, int[] max)
        {
            double sum = 0;
            for (var q = 0; q < _q; q++) sum += _attributes[q].Loss(min[q], max[q]);
            return sum;
        }

        /// <summary>The cheapest allowed cut of rows[start..start+size): the attribute and the left side's size, or (-1, 0).</summary>
        private (int Attribute, int Left) BestCut(int start, int size)
        {
            if (size < 2 * _k) return (-1, 0);
            Bounds(start, size);
            var min = (int[])_min.Clone();
            var max = (int[])_max.Clone();
            var best = double.PositiveInfinity;
            var bestAttribute = -1;
            var bestLeft = 0;
            for (var a = 0; a < _q; a++)
            {
                if (min[a] == max[a]) continue;
                SortBy(a, start, size, min[a], max[a]);
                var codes = _codes[a];
                _stamp++;
                // From the left: the cost of each allowed left side, stamped at its size.
                Array.Fill(_runMin, int.MaxValue);
                Array.Fill(_runMax, int.MinValue);
                if (_sensitive is not null) Array.Clear(_leftCounts);
                for (var i = 0; i < size - _k; i++)
                {
                    var r = _sorted[i];
                    Extend(r);
                    if (_sensitive is not null) _leftCounts[_sensitive[r]]++;
                    var left = i + 1;
                    if (left < _k || codes[r] == codes[_sorted[i + 1]]) continue;
                    if (_sensitive is not null)
                    {
                        if (!_criteria.Holds(_leftCounts, left)) continue;
                        for (var s = 0; s < _counts.Length; s++) _rightCounts[s] = _counts[s] - _leftCounts[s];
                        if (!_criteria.Holds(_rightCounts, size - left)) continue;
                    }
                    _leftCost[left] = left * Loss(_runMin, _runMax);
                    _leftStamp[left] = _stamp;
                }
                // From the right: add each allowed right side's cost to its left side's.
                Array.Fill(_runMin, int.MaxValue);
                Array.Fill(_runMax, int.MinValue);
                for (var i = size - 1; i >= _k; i--)
                {
                    Extend(_sorted[i]);
                    if (_leftStamp[i] != _stamp) continue;
                    var right = size - i;
                    var cost = _leftCost[i] + right * Loss(_runMin, _runMax);
                    if (cost < best - 1e-9 || (cost <= best + 1e-9 && Math.Abs(2 * i - size) < Math.Abs(2 * bestLeft - size)))
                    {
                        best = cost;
                        bestAttribute = a;
                        bestLeft = i;
                    }
                }
            }
            return (bestAttribute, bestLeft);
        }

        private void Extend(int row)
        {
            for (var q = 0; q < _q; q++)
            {
                var c = _codes[q][row];
                if (c < _runMin[q]) _runMin[q] = c;
                if (c > _runMax[q]) _runMax[q] = c;
            }
        }

        private void SortBy(int attribute, int start, int size)
        {
            var codes = _codes[attribute];
            int lo = int.MaxValue, hi = int.MinValue;
            for (var i = start; i < start + size; i++)
            {
                var c = codes[_rows[i]];
                if (c < lo) lo = c;
                if (c > hi) hi = c;
            }
            SortBy(attribute, start, size, lo, hi);
        }

        /// <summary>Counting sort of rows[start..start+size) by one attribute into _sorted[0..size); stable.</summary>
        private void SortBy(int attribute, int start, int size, int lo, int hi)
        {
            var codes = _codes[attribute];
            var width = hi - lo + 1;
            Array.Clear(_buckets, 0, width + 1);
            for (var i = start; i < start + size; i++) _buckets[codes[_rows[i]] - lo + 1]++;
            for (var b = 1; b <= width; b++) _buckets[b] += _buckets[b - 1];
            for (var i = start; i < start + size; i++)
            {
                var r = _rows[i];
                _sorted[_buckets[codes[r] - lo]++] = r;
            }
        }

        /// <summary>
        /// Spends the suppression budget: repeatedly removes the one row, anywhere, whose removal saves the most cells
        /// net of its own cost (all of its cells), while its class keeps holding the criteria. Removed rows leave their
        /// segment (moved past its end).
        /// </summary>
        private void Trim(List<(int Start, int Size)> segments, int budget, CancellationToken ct)
        {
            if (budget <= 0) return;
            var queue = new PriorityQueue<(int Segment, int Position, int Version), double>();
            var versions = new int[segments.Count];
            for (var s = 0; s < segments.Count; s++) Offer(s);
            var removed = 0;
            while (removed < budget && queue.TryDequeue(out var item, out _))
            {
                if (item.Version != versions[item.Segment]) continue;
                var (start, size) = segments[item.Segment];
                // Move the removed row to the segment's end and shrink the segment.
                (_rows[item.Position], _rows[start + size - 1]) = (_rows[start + size - 1], _rows[item.Position]);
                segments[item.Segment] = (start, size - 1);
                versions[item.Segment]++;
                removed++;
                if (removed % 64 == 0) ct.ThrowIfCancellationRequested();
                Offer(item.Segment);
            }

            void Offer(int s)
            {
                var (start, size) = segments[s];
                if (size <= _k) return;
                Bounds(start, size);
                var whole = size * Loss(_min, _max);
                var bestGain = 0.0;
                var bestPosition = -1;
                // Per attribute: how many rows sit on each edge, and the next code inward, so removing a row costs O(QIs).
                var minCount = new int[_q];
                var maxCount = new int[_q];
                var nextMin = new int[_q];
                var nextMax = new int[_q];
                Array.Fill(nextMin, int.MaxValue);
                Array.Fill(nextMax, int.MinValue);
                for (var i = start; i < start + size; i++)
                {
                    var r = _rows[i];
                    for (var q = 0; q < _q; q++)
                    {
                        var c = _codes[q][r];
                        if (c == _min[q]) minCount[q]++;
                        else if (c < nextMin[q]) nextMin[q] = c;
                        if (c == _max[q]) maxCount[q]++;
                        else if (c > nextMax[q]) nextMax[q] = c;
                    }
                }
                for (var i = start; i < start + size; i++)
                {
                    var r = _rows[i];
                    // Only a row alone on an edge of some attribute can narrow a label.
                    var edge = false;
                    for (var q = 0; q < _q; q++)
                    {
                        var c = _codes[q][r];
                        var alone = (c == _min[q] && minCount[q] == 1) || (c == _max[q] && maxCount[q] == 1);
                        _runMin[q] = c == _min[q] && minCount[q] == 1 ? nextMin[q] : _min[q];
                        _runMax[q] = c == _max[q] && maxCount[q] == 1 ? nextMax[q] : _max[q];
                        edge |= alone;
                    }
                    if (!edge) continue;
                    var gain = whole - (size - 1) * Loss(_runMin, _runMax) - _q;
                    if (gain <= bestGain + 1e-9) continue;
                    if (_sensitive is not null)
                    {
                        _counts[_sensitive[r]]--;
                        var holds = _criteria.Holds(_counts, size - 1);
                        _counts[_sensitive[r]]++;
                        if (!holds) continue;
                    }
                    bestGain = gain;
                    bestPosition = i;
                }
                if (bestPosition >= 0) queue.Enqueue((s, bestPosition, versions[s]), -bestGain);
            }
        }
    }
}
