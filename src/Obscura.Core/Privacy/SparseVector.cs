using System.Numerics;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// The sparse vector technique (AboveThreshold with a cap): tells which of a stream of queries exceed a threshold,
/// paying ε for up to <see cref="MaxPositives"/> positives however many queries are asked — Lyu, Su and Li, "Understanding
/// the Sparse Vector Technique for Differential Privacy" (2017), Algorithm 1.
/// </summary>
/// <remarks>
/// <para>Half of ε noises the threshold once (Laplace, scale Δ/ε₁ with ε₁ = ε/2); the other half noises every query
/// (Laplace, scale 2cΔ/ε₂ with ε₂ = ε/2, or cΔ/ε₂ when every query can only move in the same direction as the data
/// changes — monotonic queries). A query is reported above when its noisy answer reaches the noisy threshold; after c
/// positives the run stops. Only the above/below answers are released, never the noisy values.</para>
/// <para>All comparisons are between integers: answers and threshold are rounded to a power-of-two grid (2^20 steps per Δ)
/// and the noise is exact discrete Laplace, as in <see cref="LaplaceMechanism"/>.</para>
/// </remarks>
public sealed class SparseVector
{
    private readonly BigInteger _epsilonNumerator; // ε = _epsilonNumerator / 2^_epsilonShift
    private readonly int _epsilonShift;
    private readonly int _gridExponent;
    private readonly BigInteger _sensitivitySteps;

    /// <summary>Creates the mechanism: total <paramref name="epsilon"/>, query sensitivity <paramref name="sensitivity"/>, at most <paramref name="maxPositives"/> positives.</summary>
    public SparseVector(double epsilon, double sensitivity, int maxPositives, bool monotonic = false)
    {
        Check.Epsilon(epsilon);
        Check.Sensitivity(sensitivity);
        if (maxPositives < 1) throw new ArgumentOutOfRangeException(nameof(maxPositives), maxPositives, "The cap of positives must be at least 1.");
        Epsilon = epsilon;
        Sensitivity = sensitivity;
        MaxPositives = maxPositives;
        Monotonic = monotonic;
        _gridExponent = Math.ILogB(sensitivity) - Grid.StepsBelowScale;
        _sensitivitySteps = Grid.StepsUp(sensitivity, _gridExponent);
        (_epsilonNumerator, _epsilonShift) = Grid.EpsilonRational(epsilon);
    }

    /// <summary>The total ε of a run.</summary>
    public double Epsilon { get; }

    /// <summary>The sensitivity of each query.</summary>
    public double Sensitivity { get; }

    /// <summary>The cap c of positives.</summary>
    public int MaxPositives { get; }

    /// <summary>Whether the queries are declared monotonic (halves the query noise).</summary>
    public bool Monotonic { get; }

    /// <summary>The Laplace scale of the threshold noise, in the answers' units: Δ/(ε/2).</summary>
    public double ThresholdScale => Math.ScaleB((double)_sensitivitySteps, _gridExponent) * 2 / EpsilonValue;

    /// <summary>The Laplace scale of each query's noise, in the answers' units: 2cΔ/(ε/2), or cΔ/(ε/2) for monotonic queries.</summary>
    public double QueryScale => ThresholdScale * MaxPositives * (Monotonic ? 1 : 2);

    private double EpsilonValue => Math.ScaleB((double)_epsilonNumerator, -_epsilonShift);

    /// <summary>Runs the mechanism over <paramref name="answers"/> (the queries' true answers, in order) against <paramref name="threshold"/>.</summary>
    public SparseVectorResult Run(ReadOnlySpan<double> answers, double threshold, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Check.Finite(threshold, nameof(threshold));
        // Scales in steps: threshold Δ·2/ε, queries 2cΔ·2/ε (or cΔ·2/ε), as t/s with ε = n/2^shift.
        var thresholdNoise = Laplace(rng, 2);
        var noisyThreshold = Grid.Round(threshold, _gridExponent) + thresholdNoise;
        var queryFactor = 2 * MaxPositives * (Monotonic ? 1 : 2);
        var above = new List<int>();
        var examined = 0;
        for (var i = 0; i < answers.Length && above.Count < MaxPositives; i++)
        {
            Check.Finite(answers[i], nameof(answers));
            examined++;
            if (Grid.Round(answers[i], _gridExponent) + Laplace(rng, queryFactor) >= noisyThreshold) above.Add(i);
        }
        return new SparseVectorResult
        {
            Above = above,
            Examined = examined,
            Halted = above.Count >= MaxPositives && examined < answers.Length,
            EpsilonSpent = EpsilonValue,
        };
    }

    // Discrete Laplace noise in steps with scale factor · Δ_steps / ε.
    private BigInteger Laplace(IPrivacyRandom rng, int factor)
    {
        var t = _sensitivitySteps * factor;
        var s = _epsilonNumerator;
        if (_epsilonShift >= 0) t <<= _epsilonShift; else s <<= -_epsilonShift;
        return ExactSampler.DiscreteLaplace(rng, s, t);
    }
}
