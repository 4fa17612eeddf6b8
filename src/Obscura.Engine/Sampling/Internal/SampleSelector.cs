using System.Data.Common;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// Chooses a sample's rows in two streaming passes over the table, holding only bounded state:
/// <list type="number">
/// <item>statistics: per column NULLs, range, distinct estimate, exact category counts up to a cap; stratum sizes; a
/// bottom-k sample of rows by seeded key hash (robust centre/spread per column, the k-means fit);</item>
/// <item>scoring: every row's anomaly score, risk score, nearest centroid, boundary hits and hash are offered to bounded
/// per-stratum, per-strategy top-k heaps that keep keys (and a few numbers) only.</item>
/// </list>
/// Then each stratum takes its quota from each strategy in <see cref="SampleStrategy"/> order, skipping rows an earlier
/// strategy took (their reason is added), and random fills what a strategy could not supply.
/// </summary>
internal sealed class SampleSelector
{
    private const int ReservoirSize = 10_000;
    private const int CategoryCap = 10_000;
    private const int StrataCap = 10_000;
    private const double Clip = 5;

    private readonly DatabaseEndpoint _source;
    private readonly Table _table;
    private readonly IReadOnlyList<Column> _key;
    private readonly SampleOptions _options;
    private readonly RiskModel _risk;
    private readonly ICopyProgress _progress;
    private readonly List<SampleField> _fields = [];
    private readonly List<SampleField> _analyzed = [];
    private readonly int[] _keyOrdinals;
    private readonly SampleField[] _keyFields;
    private readonly SampleField? _stratify;
    private readonly int[] _piiOrdinals;
    /// <summary>Per PII column: its index among the analyzed fields (whose values each row reads anyway), or -1.</summary>
    private readonly int[] _piiAnalyzed;
    private readonly List<string> _notes = [];

    // Pass 1.
    private FieldStats[] _stats = [];
    private readonly Dictionary<string, int> _strataIndex = new(StringComparer.Ordinal);
    private readonly List<(string? Label, long Rows)> _strata = [];
    private long _rows;
    private TopK<ReservoirRow> _reservoir = new(ReservoirSize);

    // Between the passes.
    private readonly List<Feature> _features = [];
    private readonly List<(int Field, double Weight, string Column)> _riskWeights = [];
    private RobustScale[] _scales = [];
    private int[] _categoricalFields = [];
    private KMeans? _kmeans;

    public SampleSelector(DatabaseEndpoint source, Table table, IReadOnlyList<Column> key, SampleOptions options, RiskModel risk, ICopyProgress progress)
    {
        _source = source;
        _table = table;
        _key = key;
        _options = options;
        _risk = risk;
        _progress = progress;
        var keyNames = key.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            var field = new SampleField(column, _fields.Count);
            // Binary, JSON and other opaque columns are read only when something needs them (key, stratum, PII filled).
            var needed = keyNames.Contains(column.Name) || column.Name == options.Stratify || risk.PiiColumns.Contains(column.Name);
            if (field.Kind == FieldKind.Opaque && !needed) continue;
            _fields.Add(field);
            if (field.Kind != FieldKind.Opaque) _analyzed.Add(field);
        }
        _keyFields = key.Select(k => _fields.First(f => f.Name == k.Name)).ToArray();
        _keyOrdinals = _keyFields.Select(f => f.Ordinal).ToArray();
        _stratify = options.Stratify is null ? null : _fields.First(f => f.Name == options.Stratify);
        _piiOrdinals = risk.PiiColumns.Select(p => _fields.First(f => f.Name == p).Ordinal).ToArray();
        _piiAnalyzed = risk.PiiColumns.Select(p => _analyzed.FindIndex(f => f.Name == p)).ToArray();
    }

    /// <summary>The chosen rows' keys as the driver returned them (for the subset engine), after <see cref="RunAsync"/>.</summary>
    public IReadOnlyList<object?[]> ChosenKeys { get; private set; } = [];

    public async Task<SampleReport> RunAsync(CancellationToken ct)
    {
        _progress.Phase($"pass 1 of 2: statistics of {_table.Name}");
        await ScanAsync(StatisticsRow, ct).ConfigureAwait(false);
        if (_strata.Count > StrataCap)
        {
            throw new ObscuraConfigException("the sample cannot start", [new Diagnostic(Severity.Error, "--stratify", DiagnosticCodes.SampleUnknownColumn,
                $"--stratify {_options.Stratify}: the column has more than {StrataCap:N0} distinct values; stratify by a column with fewer")]);
        }
        PrepareModel();
        var size = (int)Math.Min(_options.Size, _rows);
        var plan = PlanQuotas(size);
        _progress.Phase($"pass 2 of 2: scoring the rows of {_table.Name}");
        var states = plan.PerStratum.Select((q, v) => q.Sum() > 0 ? new StratumState(this, q) : null).ToArray();
        // Text that is neither a category, a key nor the stratum only matters by its length now.
        var categorical = _categoricalFields.Select(i => _analyzed[i]).ToHashSet();
        foreach (var f in _analyzed)
        {
            f.LengthOnly = f.Kind == FieldKind.Text && !categorical.Contains(f) && f != _stratify && !_keyFields.Contains(f);
        }
        await ScanAsync(reader => ScoreRow(reader, states), ct).ConfigureAwait(false);
        return Choose(size, plan, states);
    }

    private async Task ScanAsync(Action<DbDataReader> perRow, CancellationToken ct)
    {
        await using var conn = await _source.OpenAsync(ct).ConfigureAwait(false);
        var d = _source.Dialect;
        // (PostgreSQL's char_length takes text: enums and domains are cast.)
        string Length(SampleField f) => _source.Provider.Name switch
        {
            "sqlite" => $"length({d.Quote(f.Name)})",
            "postgres" => $"char_length({d.Quote(f.Name)}::text)",
            _ => $"CHAR_LENGTH({d.Quote(f.Name)})",
        };
        var sql = $"SELECT {string.Join(", ", _fields.Select(f => f.LengthOnly ? Length(f) : d.SelectExpression(f.Column)))} FROM {d.Qualify(_table.Name)}";
        await using var reader = await _source.Provider.ReadAsync(conn, sql, ct).ConfigureAwait(false);
        var typed = _source.Provider.Name != "sqlite";
        foreach (var f in _fields) f.Bind(reader, typed);
        long rows = 0;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            perRow(reader);
            if (++rows % 100_000 == 0) _progress.RowsCopied(_table.Name, 100_000);
        }
    }

    // ---------------------------------------------------------------- pass 1

    private sealed class FieldStats
    {
        public long Nulls;
        public long Values;
        public long Empty;
        public double Min = double.PositiveInfinity;
        public double Max = double.NegativeInfinity;
        public HyperLogLog Distinct { get; } = new();
        public Dictionary<string, long>? Categories { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed record ReservoirRow(double[] Numbers, string?[] Texts);

    private void StatisticsRow(DbDataReader reader)
    {
        if (_stats.Length == 0) _stats = _analyzed.Select(f => new FieldStats { Categories = f.Kind == FieldKind.Text ? new(StringComparer.Ordinal) : null }).ToArray();
        _rows++;
        var hash = KeyHash(reader);
        if (_stratify is not null) Stratum(reader, add: true);
        var keep = _reservoir.Accepts(0, hash);
        var numbers = keep ? new double[_analyzed.Count] : null;
        var texts = keep ? new string?[_analyzed.Count] : null;
        for (var i = 0; i < _analyzed.Count; i++)
        {
            var f = _analyzed[i];
            var s = _stats[i];
            double x;
            if (f.Kind == FieldKind.Text)
            {
                var text = f.Text(reader);
                x = text?.Length ?? double.NaN;
                if (text is not null)
                {
                    s.Distinct.Add(ProfileHash.Of(text.AsSpan()));
                    if (text.Length == 0) s.Empty++;
                    if (s.Categories is { } categories)
                    {
                        categories[text] = categories.GetValueOrDefault(text) + 1;
                        // Too many distinct values to be categories (names, e-mails): stop counting them.
                        if (categories.Count > CategoryCap) s.Categories = null;
                    }
                }
                if (texts is not null) texts[i] = text;
            }
            else
            {
                x = f.Number(reader);
                if (!double.IsNaN(x)) s.Distinct.Add(ProfileHash.Of(x));
            }
            if (double.IsNaN(x))
            {
                s.Nulls++;
            }
            else
            {
                s.Values++;
                if (x < s.Min) s.Min = x;
                if (x > s.Max) s.Max = x;
            }
            if (numbers is not null) numbers[i] = x;
        }
        if (keep) _reservoir.Add(0, hash, new ReservoirRow(numbers!, texts!));
    }

    private int Stratum(DbDataReader reader, bool add)
    {
        var label = _stratify!.Text(reader);
        var key = label ?? "\u0000(null)";
        if (_strataIndex.TryGetValue(key, out var index))
        {
            if (add) _strata[index] = (label, _strata[index].Rows + 1);
            return index;
        }
        if (!add) return -1;
        // Past the cap the run stops after this pass; counting further strata would only grow memory.
        if (_strata.Count > StrataCap) return -1;
        _strataIndex[key] = _strata.Count;
        _strata.Add((label, 1));
        return _strata.Count - 1;
    }

    private ulong KeyHash(DbDataReader reader)
    {
        var h = ProfileHash.Of(_options.Seed);
        foreach (var field in _keyFields)
        {
            var ordinal = field.Ordinal;
            var part = reader.IsDBNull(ordinal) ? 0x6E756C6CUL : field.TryInteger(reader, out var integer) ? ProfileHash.Of(integer) : reader.GetValue(ordinal) switch
            {
                long l => ProfileHash.Of(l),
                int i => ProfileHash.Of(i),
                short s => ProfileHash.Of(s),
                byte b => ProfileHash.Of(b),
                sbyte b => ProfileHash.Of(b),
                ushort u => ProfileHash.Of(u),
                uint u => ProfileHash.Of(u),
                ulong u => ProfileHash.Of(unchecked((long)u)),
                decimal m when m == decimal.Truncate(m) && m is >= long.MinValue and <= long.MaxValue => ProfileHash.Of((long)m),
                string s => ProfileHash.Of(s.AsSpan()),
                Guid g => ProfileHash.Of(g),
                DateTime t => ProfileHash.Of(t.Ticks),
                var other => ProfileHash.Of((Convert.ToString(other, CultureInfo.InvariantCulture) ?? "").AsSpan()),
            };
            h = ProfileHash.Of(unchecked((long)(h ^ part)));
        }
        return h;
    }

    // ---------------------------------------------------------------- model

    private enum FeatureKind { Value, Frequency }

    private sealed record Feature(int Field, FeatureKind Kind, string Column)
    {
        public RobustScale Scale { get; set; }
        /// <summary>Frequency features: rows per category if all were equally common.</summary>
        public double Expected { get; set; }
        /// <summary>Frequency features: per category, its standardized frequency and its part of the anomaly score (one lookup per row).</summary>
        public Dictionary<string, (double Standardized, double Outlying)> Scores { get; } = new(StringComparer.Ordinal);
    }

    private void PrepareModel()
    {
        if (_stats.Length == 0) _stats = _analyzed.Select(_ => new FieldStats()).ToArray();
        var reservoir = _reservoir.Best().ConvertAll(r => r.Item);
        _scales = new RobustScale[_analyzed.Count];
        var keyNames = _key.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var categorical = new List<int>();
        for (var i = 0; i < _analyzed.Count; i++)
        {
            var f = _analyzed[i];
            var s = _stats[i];
            _scales[i] = RobustScale.Of(reservoir.ConvertAll(r => r.Numbers[i]));
            var isKey = keyNames.Contains(f.Name) || _table.IsForeignKeyColumn(f.Name);
            if (f.IsNumeric && !isKey && !_scales[i].IsConstant) _features.Add(new Feature(i, FeatureKind.Value, f.Name) { Scale = _scales[i] });
            if (f.Kind == FieldKind.Text && s.Categories is { Count: > 1 } categories && !isKey && (categories.Count <= 100 || categories.Count * 5 <= s.Values))
            {
                categorical.Add(i);
                var frequencies = reservoir.ConvertAll(r => r.Texts[i] is { } t ? (double)categories.GetValueOrDefault(t) / s.Values : double.NaN);
                var scale = RobustScale.Of(frequencies);
                var feature = new Feature(i, FeatureKind.Frequency, f.Name) { Scale = scale, Expected = (double)s.Values / categories.Count };
                foreach (var (category, count) in categories)
                {
                    var surprise = Math.Log(feature.Expected / count);
                    feature.Scores[category] = (Math.Clamp(scale.Z((double)count / s.Values), -Clip, Clip), surprise > 0 ? Math.Sqrt(2 * surprise) : 0);
                }
                _features.Add(feature);
            }
        }
        _categoricalFields = [.. categorical];
        foreach (var (column, weight) in _risk.Weights)
        {
            var at = _analyzed.FindIndex(f => f.Name == column);
            if (at >= 0 && !_scales[at].IsConstant) _riskWeights.Add((at, weight, column));
        }
        if (_features.Count == 0) _notes.Add("no numeric, temporal or categorical columns to score: anomaly and cluster picks are filled from random");
        var clusterShare = _options.Mix.Percent.GetValueOrDefault(SampleStrategy.Cluster);
        if (clusterShare > 0 && _features.Count > 0)
        {
            var clusterRows = Math.Max(1, (int)Math.Round(Math.Min(_options.Size, _rows) * clusterShare / 100.0));
            var k = Math.Clamp((int)Math.Round(Math.Sqrt(clusterRows)), 2, 16);
            var points = reservoir.ConvertAll(r => Vector(r.Numbers, r.Texts));
            _kmeans = KMeans.Fit(points, k, _options.Seed);
        }
    }

    /// <summary>The standardized, clipped feature vector of a row.</summary>
    private double[] Vector(double[] numbers, string?[] texts)
    {
        var v = new double[_features.Count];
        for (var j = 0; j < _features.Count; j++) v[j] = Standardized(_features[j], numbers[_features[j].Field], texts[_features[j].Field]);
        return v;
    }

    private static double Standardized(Feature f, double number, string? text)
    {
        if (f.Kind == FeatureKind.Value) return double.IsNaN(number) ? 0 : Math.Clamp(f.Scale.Z(number), -Clip, Clip);
        return text is not null && f.Scores.TryGetValue(text, out var score) ? score.Standardized : 0;
    }

    /// <summary>A feature's part of the anomaly score: |robust z| for values; for categories, sqrt(2 ln(expected / count)) when rarer than expected.</summary>
    private static double Outlying(Feature f, double number, string? text)
    {
        if (f.Kind == FeatureKind.Value) return double.IsNaN(number) ? 0 : Math.Min(Math.Abs(f.Scale.Z(number)), 1000);
        return text is not null && f.Scores.TryGetValue(text, out var score) ? score.Outlying : 0;
    }

    // ---------------------------------------------------------------- quotas

    private sealed record QuotaPlan(int[] PerStrategy, int[][] PerStratum);

    private QuotaPlan PlanQuotas(int size)
    {
        var strategies = Enum.GetValues<SampleStrategy>();
        var perStrategy = Quotas.Split(size, strategies.Select(s => (double)_options.Mix.Percent.GetValueOrDefault(s)).ToList());
        var strataSizes = _stratify is null ? [(double)_rows] : _strata.Select(s => (double)s.Rows).ToList();
        var perStratum = strataSizes.Select(_ => new int[strategies.Length]).ToArray();
        for (var s = 0; s < strategies.Length; s++)
        {
            var split = Quotas.Split(perStrategy[s], strataSizes);
            for (var v = 0; v < split.Length; v++) perStratum[v][s] = split[v];
        }
        return new QuotaPlan(perStrategy, perStratum);
    }

    // ---------------------------------------------------------------- pass 2

    private enum Edge { Min, Max, Null, Empty, Shortest, Longest }

    private sealed class StratumState
    {
        public StratumState(SampleSelector owner, int[] quotas)
        {
            Quotas = quotas;
            var total = quotas.Sum();
            // Each list keeps as many rows as the stratum needs in all: enough even when earlier strategies took some.
            Anomaly = new TopK<SampleCandidate>(quotas[(int)SampleStrategy.Anomaly] > 0 ? total : 0);
            Risk = new TopK<SampleCandidate>(quotas[(int)SampleStrategy.Risk] > 0 ? total : 0);
            Random = new TopK<SampleCandidate>(total);
            var k = owner._kmeans?.K ?? 0;
            Clusters = Enumerable.Range(0, quotas[(int)SampleStrategy.Cluster] > 0 ? k : 0).Select(_ => new TopK<SampleCandidate>(total)).ToArray();
            ClusterRows = new long[Clusters.Length];
            // Each edge list may have to supply the whole boundary share (few columns, or rows shared between edges).
            var depth = quotas[(int)SampleStrategy.Boundary];
            Boundary = owner._analyzed.Select(f => Enum.GetValues<Edge>().Select(e => Applies(f, e) ? new TopK<SampleCandidate>(depth) : null).ToArray()).ToArray();
        }

        public int[] Quotas { get; }
        public TopK<SampleCandidate> Anomaly { get; }
        public TopK<SampleCandidate> Risk { get; }
        public TopK<SampleCandidate> Random { get; }
        public TopK<SampleCandidate>[] Clusters { get; }
        public long[] ClusterRows { get; }
        /// <summary>Per analyzed field, per <see cref="Edge"/>: the rows nearest that edge (null where it does not apply).</summary>
        public TopK<SampleCandidate>?[][] Boundary { get; }

        private static bool Applies(SampleField f, Edge e) => e switch
        {
            Edge.Min or Edge.Max => f.IsNumeric,
            Edge.Null => f.Column.IsNullable,
            _ => f.Kind == FieldKind.Text,
        };
    }

    private double[]? _numbers;
    private string?[]? _texts;
    private double[]? _vector;
    private double[]? _outlying;
    private double[]? _riskParts;

    private void ScoreRow(DbDataReader reader, StratumState?[] states)
    {
        var v = _stratify is null ? 0 : Stratum(reader, add: false);
        if (v < 0 || states[v] is not { } state) return;
        var hash = KeyHash(reader);
        var numbers = _numbers ??= new double[_analyzed.Count];
        var texts = _texts ??= new string?[_analyzed.Count];
        for (var i = 0; i < _analyzed.Count; i++)
        {
            var f = _analyzed[i];
            if (f.Kind == FieldKind.Text && !f.LengthOnly)
            {
                texts[i] = f.Text(reader);
                numbers[i] = texts[i]?.Length ?? double.NaN;
            }
            else
            {
                numbers[i] = f.Number(reader);
            }
        }
        var vector = _vector ??= new double[_features.Count];
        var outlying = _outlying ??= new double[_features.Count];
        var squares = 0.0;
        for (var j = 0; j < _features.Count; j++)
        {
            var feature = _features[j];
            if (feature.Kind == FeatureKind.Frequency)
            {
                var text = texts[feature.Field];
                (vector[j], outlying[j]) = text is not null && feature.Scores.TryGetValue(text, out var score) ? score : (0, 0);
            }
            else
            {
                vector[j] = Standardized(feature, numbers[feature.Field], null);
                outlying[j] = Outlying(feature, numbers[feature.Field], null);
            }
            squares += outlying[j] * outlying[j];
        }
        var anomaly = _features.Count > 0 ? Math.Sqrt(squares) : 0;
        var riskParts = _riskParts ??= new double[_riskWeights.Count];
        var piiFilled = 0;
        for (var p = 0; p < _piiOrdinals.Length; p++)
        {
            // An empty string is not a filled value; analyzed fields hold text lengths already.
            var at = _piiAnalyzed[p];
            if (at >= 0 ? !double.IsNaN(numbers[at]) && (numbers[at] > 0 || _analyzed[at].Kind != FieldKind.Text) : !reader.IsDBNull(_piiOrdinals[p])) piiFilled++;
        }
        var risk = piiFilled * _risk.PiiWeight;
        for (var w = 0; w < _riskWeights.Count; w++)
        {
            var (field, weight, _) = _riskWeights[w];
            riskParts[w] = double.IsNaN(numbers[field]) ? 0 : weight * Math.Max(0, Math.Min(_scales[field].Z(numbers[field]), 1000));
            risk += riskParts[w];
        }
        var (cluster, distance) = state.Clusters.Length > 0 ? _kmeans!.Nearest(vector) : (-1, 0);

        // The row becomes a candidate object only when some list keeps it (rare once the lists are full).
        var row = new RowScore(reader, hash, v, anomaly, risk, piiFilled, cluster);
        SampleCandidate? candidate = null;
        if (anomaly > 0 && state.Anomaly.Accepts(-anomaly, hash)) state.Anomaly.Add(-anomaly, hash, candidate ??= Materialize(row));
        if (risk > 0 && state.Risk.Accepts(-risk, hash)) state.Risk.Add(-risk, hash, candidate ??= Materialize(row));
        if (cluster >= 0)
        {
            state.ClusterRows[cluster]++;
            if (state.Clusters[cluster].Accepts(distance, hash)) state.Clusters[cluster].Add(distance, hash, candidate ??= Materialize(row));
        }
        if (state.Random.Accepts(0, hash)) state.Random.Add(0, hash, candidate ??= Materialize(row));
        for (var i = 0; i < _analyzed.Count; i++)
        {
            var lists = state.Boundary[i];
            var x = numbers[i];
            if (double.IsNaN(x))
            {
                Offer(lists[(int)Edge.Null], 0, row, ref candidate);
                continue;
            }
            Offer(lists[(int)Edge.Min], x, row, ref candidate);
            Offer(lists[(int)Edge.Max], -x, row, ref candidate);
            if (_analyzed[i].Kind != FieldKind.Text) continue;
            if (x == 0) Offer(lists[(int)Edge.Empty], 0, row, ref candidate);
            else Offer(lists[(int)Edge.Shortest], x, row, ref candidate);
            Offer(lists[(int)Edge.Longest], -x, row, ref candidate);
        }
    }

    /// <summary>What <see cref="Materialize"/> needs of the current row besides the reused buffers.</summary>
    private readonly record struct RowScore(DbDataReader Reader, ulong Hash, int Stratum, double Anomaly, double Risk, int PiiFilled, int Cluster);

    private void Offer(TopK<SampleCandidate>? list, double rank, in RowScore row, ref SampleCandidate? candidate)
    {
        if (list is not null && list.Accepts(rank, row.Hash)) list.Add(rank, row.Hash, candidate ??= Materialize(row));
    }

    private SampleCandidate Materialize(in RowScore row)
    {
        var reader = row.Reader;
        var key = new object?[_keyOrdinals.Length];
        for (var k = 0; k < key.Length; k++) key[k] = reader.IsDBNull(_keyOrdinals[k]) ? null : reader.GetValue(_keyOrdinals[k]);
        var categories = new string?[_categoricalFields.Length];
        for (var c = 0; c < categories.Length; c++) categories[c] = _texts![_categoricalFields[c]];
        return new SampleCandidate
        {
            Key = key,
            Hash = row.Hash,
            Stratum = row.Stratum,
            Numbers = (double[])_numbers!.Clone(),
            Categories = categories,
            Features = (double[])_vector!.Clone(),
            Outlying = (double[])_outlying!.Clone(),
            Anomaly = row.Anomaly,
            Risk = row.Risk,
            PiiFilled = row.PiiFilled,
            RiskParts = (double[])_riskParts!.Clone(),
            Cluster = row.Cluster,
        };
    }

    // ---------------------------------------------------------------- choosing

    private sealed class Chosen(SampleCandidate candidate, SampleStrategy strategy)
    {
        public SampleCandidate Candidate { get; } = candidate;
        public SampleStrategy Strategy { get; } = strategy;
        public List<string> Reasons { get; } = [];
        public HashSet<SampleStrategy> Strategies { get; } = [strategy];
    }

    private SampleReport Choose(int size, QuotaPlan plan, StratumState?[] states)
    {
        var chosen = new Dictionary<SampleCandidate, Chosen>(ReferenceEqualityComparer.Instance);
        var order = new List<Chosen>();
        var counted = new int[Enum.GetValues<SampleStrategy>().Length];
        for (var v = 0; v < states.Length; v++)
        {
            if (states[v] is not { } state) continue;
            var shortfall = 0;
            foreach (var strategy in Enum.GetValues<SampleStrategy>())
            {
                var want = state.Quotas[(int)strategy] + (strategy == SampleStrategy.Random ? shortfall : 0);
                var taken = strategy switch
                {
                    SampleStrategy.Cluster => TakeClusters(state, want, chosen, order),
                    _ => Take(Ranked(state, strategy), want, strategy, chosen, order, strategy == SampleStrategy.Random ? state.Quotas[(int)strategy] : want),
                };
                counted[(int)strategy] += taken;
                if (strategy != SampleStrategy.Random) shortfall += want - taken;
            }
        }
        ChosenKeys = order.ConvertAll(c => c.Candidate.Key);
        var strategies = Enum.GetValues<SampleStrategy>().Select(s => new SampleStrategyCount(
            SampleMix.Name(s), _options.Mix.Percent.GetValueOrDefault(s), plan.PerStrategy[(int)s], counted[(int)s],
            order.Count(c => c.Strategies.Contains(s)))).ToList();
        foreach (var s in strategies.Where(s => s.Strategy != "random" && s.Selected < s.Requested))
            _notes.Add($"{s.Strategy} found {s.Selected} of {s.Requested} rows; random filled the rest");
        var piiColumns = _risk.PiiColumns.ToHashSet(StringComparer.Ordinal);
        var stratifyIsPii = _options.Stratify is not null && piiColumns.Contains(_options.Stratify);
        string? StratumLabel(int v) => _stratify is null ? null
            : stratifyIsPii ? $"#{v + 1}" : _strata[v].Label ?? "(null)";
        return new SampleReport
        {
            Source = _options.Source.ToString(),
            Table = _table.Name.ToString(),
            Status = "succeeded",
            TableRows = _rows,
            Requested = _options.Size,
            Selected = order.Count,
            Seed = _options.Seed,
            Mix = _options.Mix.ToString(),
            Stratify = _options.Stratify,
            Key = _key.Select(k => k.Name).ToList(),
            Strategies = strategies,
            Strata = _stratify is null ? [] : _strata.Select((s, v) => new SampleStratum(StratumLabel(v)!, s.Rows, order.Count(c => c.Candidate.Stratum == v))).ToList(),
            Columns = Coverage(order, piiColumns),
            Diversity = Diversity(order),
            Clusters = _kmeans?.K ?? 0,
            Rows = order.Select(c => new SampleRow(c.Candidate.Key.Select(KeyForReport).ToList(), SampleMix.Name(c.Strategy), c.Reasons, StratumLabel(c.Candidate.Stratum))).ToList(),
            Notes = _notes,
        };
    }

    /// <summary>Keys as JSON-friendly values (numbers stay numbers; everything else invariant text).</summary>
    private static object? KeyForReport(object? value) => value switch
    {
        null => null,
        long or int or short or byte or sbyte or ushort or uint or ulong or decimal or string or bool => value,
        Guid g => g.ToString(),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        _ => value.ToString(),
    };

    /// <summary>
    /// Takes up to <paramref name="want"/> rows not yet chosen from <paramref name="ranked"/>; rows already chosen that rank
    /// within reach get this strategy's reason too. Random picks beyond <paramref name="own"/> are fills.
    /// </summary>
    private static int Take(IEnumerable<(SampleCandidate Candidate, string Reason)> ranked, int want, SampleStrategy strategy,
        Dictionary<SampleCandidate, Chosen> chosen, List<Chosen> order, int own)
    {
        var taken = 0;
        if (want <= 0) return 0;
        foreach (var (candidate, reason) in ranked)
        {
            if (chosen.TryGetValue(candidate, out var already))
            {
                // A uniform pick says nothing about a row another strategy chose for a reason.
                if (strategy == SampleStrategy.Random) continue;
                already.Strategies.Add(strategy);
                if (!already.Reasons.Contains(reason)) already.Reasons.Add(reason);
                continue;
            }
            var c = new Chosen(candidate, strategy);
            c.Reasons.Add(strategy == SampleStrategy.Random && taken >= own ? "random: fills a share other strategies could not supply" : reason);
            chosen[candidate] = c;
            order.Add(c);
            if (++taken == want) break;
        }
        return taken;
    }

    private static int TakeClusters(StratumState state, int want, Dictionary<SampleCandidate, Chosen> chosen, List<Chosen> order)
    {
        if (want <= 0 || state.Clusters.Length == 0) return 0;
        // Each cluster's share follows its size in this stratum; its rows nearest the centre represent it.
        var shares = Quotas.Split(want, state.ClusterRows.Select(r => (double)r).ToList());
        var taken = 0;
        for (var c = 0; c < state.Clusters.Length; c++)
        {
            var reason = $"cluster: representative of cluster {c + 1} of {state.Clusters.Length} (nearest its centre)";
            taken += Take(state.Clusters[c].Best().Select(e => (e.Item, reason)), shares[c], SampleStrategy.Cluster, chosen, order, shares[c]);
        }
        return taken;
    }

    private IEnumerable<(SampleCandidate, string)> Ranked(StratumState state, SampleStrategy strategy) => strategy switch
    {
        SampleStrategy.Boundary => BoundaryRanked(state),
        SampleStrategy.Anomaly => state.Anomaly.Best().Select(e => (e.Item, AnomalyReason(e.Item))),
        SampleStrategy.Risk => state.Risk.Best().Select(e => (e.Item, RiskReason(e.Item))),
        _ => state.Random.Best().Select(e => (e.Item, "random: seeded uniform pick")),
    };

    /// <summary>Boundary rows tier by tier: every column's minimum and maximum first, then NULLs, empty, shortest and longest text, then the next nearest edges.</summary>
    private IEnumerable<(SampleCandidate, string)> BoundaryRanked(StratumState state)
    {
        var lists = state.Boundary.Select(perField => perField.Select(l => l?.Best().ConvertAll(e => e.Item)).ToArray()).ToArray();
        var depth = lists.SelectMany(l => l).Max(l => l?.Count ?? 0);
        for (var tier = 0; tier < depth; tier++)
        {
            foreach (var group in (Edge[][])[[Edge.Min, Edge.Max], [Edge.Null, Edge.Empty, Edge.Longest, Edge.Shortest]])
            {
                for (var i = 0; i < _analyzed.Count; i++)
                {
                    foreach (var edge in group)
                    {
                        if (lists[i][(int)edge] is { } list && tier < list.Count)
                            yield return (list[tier], BoundaryReason(_analyzed[i].Name, edge, list[tier], lists[i][(int)edge]![0]));
                    }
                }
            }
        }
    }

    private string BoundaryReason(string column, Edge edge, SampleCandidate row, SampleCandidate best)
    {
        var i = _analyzed.FindIndex(f => f.Name == column);
        // A row sharing the extreme value is as much "the minimum" as the first one.
        var exact = row.Numbers[i].Equals(best.Numbers[i]);
        return edge switch
        {
            Edge.Min => exact ? $"boundary: minimum of {column}" : $"boundary: near the minimum of {column}",
            Edge.Max => exact ? $"boundary: maximum of {column}" : $"boundary: near the maximum of {column}",
            Edge.Null => $"boundary: {column} is NULL",
            Edge.Empty => $"boundary: {column} is an empty string",
            Edge.Shortest => exact ? $"boundary: shortest {column}" : $"boundary: near the shortest {column}",
            _ => exact ? $"boundary: longest {column}" : $"boundary: near the longest {column}",
        };
    }

    private string AnomalyReason(SampleCandidate c)
    {
        var top = Enumerable.Range(0, _features.Count).Where(j => c.Outlying[j] > 0).OrderByDescending(j => c.Outlying[j]).Take(3)
            .Select(j => _features[j].Kind == FeatureKind.Frequency
                ? $"{_features[j].Column} rare ({c.Outlying[j].ToString("0.0", CultureInfo.InvariantCulture)})"
                : $"{_features[j].Column} {c.Outlying[j].ToString("0.0", CultureInfo.InvariantCulture)} robust SD from the median");
        return $"anomaly: score {c.Anomaly.ToString("0.00", CultureInfo.InvariantCulture)} ({string.Join(", ", top)})";
    }

    private string RiskReason(SampleCandidate c)
    {
        var parts = new List<string>();
        if (c.PiiFilled > 0) parts.Add($"{c.PiiFilled} PII column{(c.PiiFilled == 1 ? "" : "s")} filled");
        parts.AddRange(Enumerable.Range(0, _riskWeights.Count).Where(w => c.RiskParts[w] > 0).OrderByDescending(w => c.RiskParts[w]).Take(2)
            .Select(w => $"{_riskWeights[w].Column} +{c.RiskParts[w].ToString("0.0", CultureInfo.InvariantCulture)}"));
        return $"risk: score {c.Risk.ToString("0.00", CultureInfo.InvariantCulture)} ({string.Join(", ", parts)})";
    }

    // ---------------------------------------------------------------- report

    private List<SampleColumnCoverage> Coverage(List<Chosen> order, HashSet<string> pii)
    {
        var result = new List<SampleColumnCoverage>();
        for (var i = 0; i < _analyzed.Count; i++)
        {
            var f = _analyzed[i];
            var s = _stats[i];
            var values = order.Select(c => c.Candidate.Numbers[i]).Where(x => !double.IsNaN(x)).ToList();
            double? coverage = null;
            bool? hasMin = null, hasMax = null, hasEmpty = null;
            if (s.Values > 0)
            {
                var span = s.Max - s.Min;
                coverage = values.Count == 0 ? 0 : span > 0 ? Math.Round((values.Max() - values.Min()) / span, 4) : 1;
                hasMin = values.Contains(s.Min);
                hasMax = values.Contains(s.Max);
                if (f.Kind == FieldKind.Text && s.Empty > 0) hasEmpty = values.Contains(0);
            }
            var categoryAt = Array.IndexOf(_categoricalFields, i);
            var feature = _features.Find(x => x.Field == i);
            result.Add(new SampleColumnCoverage
            {
                Column = f.Name,
                Kind = f.Kind.ToString().ToLowerInvariant(),
                Use = categoryAt >= 0 ? "category" : feature is not null ? "feature" : "boundary",
                Pii = pii.Contains(f.Name),
                TableNulls = s.Nulls,
                SampleNulls = order.Count - values.Count,
                TableDistinct = s.Distinct.Count,
                RangeCoverage = coverage,
                MinIncluded = hasMin,
                MaxIncluded = hasMax,
                EmptyIncluded = hasEmpty,
                TableCategories = categoryAt >= 0 ? s.Categories!.Count : null,
                SampleCategories = categoryAt >= 0 ? order.Select(c => c.Candidate.Categories[categoryAt]).OfType<string>().Distinct(StringComparer.Ordinal).Count() : null,
            });
        }
        return result;
    }

    /// <summary>Mean pairwise distance of the chosen rows over a uniform sample's (both capped at 1,000 rows).</summary>
    private double? Diversity(List<Chosen> order)
    {
        if (_features.Count == 0 || order.Count < 2) return null;
        var sample = order.Take(1000).Select(c => c.Candidate.Features).ToList();
        var baseline = _reservoir.Best().Take(1000).Select(r => Vector(r.Item.Numbers, r.Item.Texts)).ToList();
        var mean = MeanDistance(baseline);
        return mean > 0 ? Math.Round(MeanDistance(sample) / mean, 3) : null;
    }

    private static double MeanDistance(List<double[]> points)
    {
        if (points.Count < 2) return 0;
        var sum = 0.0;
        long pairs = 0;
        for (var a = 0; a < points.Count; a++)
        {
            for (var b = a + 1; b < points.Count; b++)
            {
                sum += Math.Sqrt(KMeans.Distance(points[a], points[b]));
                pairs++;
            }
        }
        return sum / pairs;
    }
}
