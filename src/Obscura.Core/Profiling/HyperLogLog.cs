using System.Numerics;
using System.Runtime.CompilerServices;

namespace Obscura.Core.Profiling;

/// <summary>
/// HyperLogLog distinct-count sketch (Flajolet et al. 2007) with precision 14: 16,384 one-byte registers (16 KiB),
/// 64-bit hashes, relative standard error 1.04/√16384 ≈ 0.81%. Estimates use Ertl's improved raw estimator
/// ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is unbiased from one distinct value to
/// billions without empirical bias tables or a switch to linear counting. Merging takes the register-wise maximum, so a
/// sketch of a union equals the merge of the parts' sketches exactly.
/// </summary>
/// <remarks>
/// Like HyperLogLog++'s sparse mode, small sets are counted exactly: up to <see cref="ExactLimit"/> distinct hashes are
/// also kept in a small set (64-bit hashes: collisions are negligible), dropped for good once the limit is passed, so
/// small tables and low-cardinality columns report exact counts and large ones pay nothing after the first values.
/// </remarks>
public sealed class HyperLogLog
{
    /// <summary>Bits of the hash that choose a register.</summary>
    public const int Precision = 14;

    /// <summary>Number of registers (2^<see cref="Precision"/>).</summary>
    public const int RegisterCount = 1 << Precision;

    /// <summary>Bits left for the rank: q = 64 - p.</summary>
    private const int RankBits = 64 - Precision;

    /// <summary>Distinct values counted exactly before the sketch relies on its registers alone.</summary>
    public const int ExactLimit = 1024;

    private const int ExactMask = (2 * ExactLimit) - 1;

    private readonly byte[] _registers = new byte[RegisterCount];
    private ulong[]? _exact = new ulong[2 * ExactLimit]; // open addressing on the low hash bits; 0 marks an empty slot
    private int _exactCount;
    private bool _exactZero; // the hash 0 itself was added

    /// <summary>Adds a value by its 64-bit hash (see <see cref="ProfileHash"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash)
    {
        var index = (int)(hash >> RankBits);
        // A sentinel bit below the rank bits caps the rank at q + 1 when they are all zero.
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        ref var register = ref _registers[index];
        if (rank > register) register = rank;
        if (_exact is not null) AddExact(hash);
    }

    /// <summary>True while the count is exact (at most <see cref="ExactLimit"/> distinct values so far).</summary>
    public bool IsExact => _exact is not null;

    private void AddExact(ulong hash)
    {
        if (hash == 0)
        {
            if (_exactZero) return;
            _exactZero = true;
        }
        else
        {
            var set = _exact!;
            var i = (int)hash & ExactMask;
            while (true)
            {
                var entry = set[i];
                if (entry == hash) return;
                if (entry == 0) break;
                i = (i + 1) & ExactMask;
            }
            set[i] = hash;
        }
        if (++_exactCount > ExactLimit) _exact = null;
    }

    /// <summary>Adds every value of <paramref name="other"/> (register-wise maximum).</summary>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = _registers.AsSpan();
        var b = other._registers.AsSpan();
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Max(new Vector<byte>(a[i..]), new Vector<byte>(b[i..])).CopyTo(a[i..]);
            }
        }
        for (; i < a.Length; i++) if (b[i] > a[i]) a[i] = b[i];

        if (_exact is null) return;
        if (other._exact is null)
        {
            _exact = null;
            return;
        }
        if (other._exactZero) AddExact(0);
        foreach (var hash in other._exact)
        {
            if (_exact is null) return;
            if (hash != 0) AddExact(hash);
        }
    }

    /// <summary>The estimated number of distinct values added (exact while <see cref="IsExact"/>).</summary>
    public double Estimate()
    {
        if (_exact is not null) return _exactCount;
        return RegisterEstimate();
    }

    /// <summary>The estimate from the registers alone (Ertl's improved raw estimator), exact set or not.</summary>
    internal double RegisterEstimate()
    {
        Span<int> histogram = stackalloc int[RankBits + 2];
        foreach (var r in _registers) histogram[r]++;
        const double m = RegisterCount;
        var z = m * Tau(1 - (histogram[RankBits + 1] / m));
        for (var k = RankBits; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        // α∞ = 1 / (2 ln 2); an empty sketch has z = ∞ and estimates 0.
        return m * m / (2 * Math.Log(2) * z);
    }

    /// <summary>The estimate rounded to a whole count.</summary>
    public long Count => (long)Math.Round(Estimate(), MidpointRounding.AwayFromZero);

    /// <summary>σ(x) = x + Σ_{k≥1} x^(2^k) · 2^(k-1); infinite at x = 1 (every register empty).</summary>
    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        var y = 1.0;
        var z = x;
        double previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    /// <summary>τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))² · 2^-k) / 3.</summary>
    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        var y = 1.0;
        var z = 1 - x;
        double previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }
}
