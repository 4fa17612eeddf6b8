namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// k-means (Lloyd's iterations from a seeded k-means++ start) fitted on a bounded sample of standardized rows; the whole
/// table is then only assigned to the nearest centroid, one row at a time.
/// </summary>
internal sealed class KMeans
{
    private KMeans(double[][] centroids) => Centroids = centroids;

    public double[][] Centroids { get; }

    public int K => Centroids.Length;

    public static KMeans? Fit(IReadOnlyList<double[]> points, int k, long seed, int iterations = 25)
    {
        if (points.Count == 0 || points[0].Length == 0 || k <= 0) return null;
        k = Math.Min(k, points.Count);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32)) ^ 0x5A17));
        var centroids = new List<double[]> { (double[])points[random.Next(points.Count)].Clone() };
        var nearest = points.Select(p => Distance(p, centroids[0])).ToArray();
        while (centroids.Count < k)
        {
            var total = nearest.Sum();
            if (!(total > 0)) break; // fewer distinct points than k
            var target = random.NextDouble() * total;
            var chosen = 0;
            for (var acc = 0.0; chosen < points.Count - 1; chosen++)
            {
                acc += nearest[chosen];
                if (acc >= target) break;
            }
            centroids.Add((double[])points[chosen].Clone());
            for (var i = 0; i < points.Count; i++) nearest[i] = Math.Min(nearest[i], Distance(points[i], centroids[^1]));
        }
        var model = new KMeans([.. centroids]);
        var d = points[0].Length;
        var assignment = new int[points.Count];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var moved = false;
            for (var i = 0; i < points.Count; i++)
            {
                var c = model.Nearest(points[i]).Cluster;
                moved |= c != assignment[i];
                assignment[i] = c;
            }
            var sums = new double[model.K][];
            var counts = new int[model.K];
            for (var c = 0; c < model.K; c++) sums[c] = new double[d];
            for (var i = 0; i < points.Count; i++)
            {
                counts[assignment[i]]++;
                for (var j = 0; j < d; j++) sums[assignment[i]][j] += points[i][j];
            }
            for (var c = 0; c < model.K; c++)
            {
                if (counts[c] == 0) continue;
                for (var j = 0; j < d; j++) model.Centroids[c][j] = sums[c][j] / counts[c];
            }
            if (!moved && iteration > 0) break;
        }
        return model;
    }

    /// <summary>The nearest centroid and the squared distance to it.</summary>
    public (int Cluster, double Distance) Nearest(ReadOnlySpan<double> point)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var c = 0; c < Centroids.Length; c++)
        {
            var distance = Distance(point, Centroids[c]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }
        return (best, bestDistance);
    }

    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var delta = a[i] - b[i];
            sum += delta * delta;
        }
        return sum;
    }
}
