using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class NoiseTests
{
    private const int Samples = 100_000;

    // Kolmogorov–Smirnov critical value at alpha = 0.001: sqrt(-ln(alpha / 2) / 2) / sqrt(n).
    private static readonly double Critical = Math.Sqrt(-Math.Log(0.001 / 2) / 2) / Math.Sqrt(Samples);

    private static readonly Column Measure = Columns.Of("measure", TypeClass.Float);

    [Fact]
    public void Noise_laplace_passes_a_Kolmogorov_Smirnov_test_at_100000_distinct_inputs()
    {
        const double b = 2.5;
        var noise = Draw(["distribution", "laplace", "scale", b]);
        var d = KolmogorovSmirnov(noise, x => x < 0 ? 0.5 * Math.Exp(x / b) : 1 - 0.5 * Math.Exp(-x / b));
        Assert.True(d < Critical, $"KS statistic {d:F5} is not below the critical value {Critical:F5}");
    }

    [Fact]
    public void Noise_gaussian_passes_a_Kolmogorov_Smirnov_test_at_100000_distinct_inputs()
    {
        const double sigma = 3.0;
        var noise = Draw(["distribution", "gaussian", "scale", sigma]);
        var d = KolmogorovSmirnov(noise, x => NormalCdf(x / sigma));
        Assert.True(d < Critical, $"KS statistic {d:F5} is not below the critical value {Critical:F5}");
    }

    [Fact]
    public void Noise_ks_test_rejects_the_wrong_distribution()
    {
        // The test has power: Laplace noise is not Gaussian with the same variance.
        const double b = 1.0;
        var noise = Draw(["distribution", "laplace", "scale", b]);
        var d = KolmogorovSmirnov(noise, x => NormalCdf(x / (Math.Sqrt(2) * b)));
        Assert.True(d > Critical, $"KS statistic {d:F5} should exceed {Critical:F5}");
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.02425)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999999)]
    public void Noise_normal_quantile_inverts_the_normal_cdf(double p) =>
        Assert.True(Math.Abs(p - NormalCdf(NoiseMath.NormalQuantile(p))) < 1e-6);

    [Fact]
    public void Noise_calibrates_the_scale_from_epsilon_and_sensitivity()
    {
        var laplace = new StrategyArguments(new Dictionary<string, object?> { ["epsilon"] = 0.5, ["sensitivity"] = 2.0 });
        Assert.Equal(4.0, NoiseStrategy.EffectiveScale(laplace, NoiseDistribution.Laplace), 12);
        var gaussian = new StrategyArguments(new Dictionary<string, object?> { ["epsilon"] = 0.5, ["sensitivity"] = 1.0, ["delta"] = 1e-5 });
        Assert.Equal(Math.Sqrt(2 * Math.Log(1.25 / 1e-5)) / 0.5, NoiseStrategy.EffectiveScale(gaussian, NoiseDistribution.Gaussian), 12);
    }

    [Fact]
    public void Noise_clamps_to_min_max_and_to_the_integer_type()
    {
        var ages = RowBind.Create("noise", Columns.Integer("age", bits: 16), ["scale", 1000.0, "min", 0.0, "max", 120.0]);
        var small = RowBind.Create("noise", Columns.Integer("n", bits: 16), ["scale", 100_000.0]);
        for (var i = 0L; i < 2000; i++)
        {
            var age = (long)ages.Transform(i % 130)!;
            Assert.InRange(age, 0, 120);
            Assert.InRange((long)small.Transform(short.MaxValue - i)!, short.MinValue, short.MaxValue);
        }
    }

    [Fact]
    public void Noise_fits_the_decimal_precision_and_scale()
    {
        var column = Columns.Decimal("amount", 5, 2);
        var amounts = RowBind.Create("noise", column, ["scale", 500.0]);
        for (var i = 0; i < 2000; i++)
        {
            var result = (decimal)amounts.Transform(900m + i * 0.37m)!;
            Assert.True(result.Scale <= 2, $"scale {result.Scale}");
            Assert.InRange(result, -999.99m, 999.99m);
        }
    }

    [Fact]
    public void Noise_rounds_to_the_requested_places()
    {
        var tens = RowBind.Create("noise", Columns.Integer("salary"), ["scale", 1000.0, "round", -2L]);
        var whole = RowBind.Create("noise", Columns.Decimal("weight", 10, 3), ["scale", 5.0, "round", 0L]);
        var tenths = RowBind.Create("noise", Measure, ["scale", 5.0, "round", 1L]);
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(0, (long)tens.Transform(50_000L + i)! % 100);
            var w = (decimal)whole.Transform(70.125m + i)!;
            Assert.Equal(decimal.Truncate(w), w);
            var t = (double)tenths.Transform(i + 0.123)!;
            Assert.Equal(Math.Round(t, 1), t);
        }
    }

    [Fact]
    public void Noise_is_deterministic_and_keyed()
    {
        var first = RowBind.Create("noise", Measure, ["scale", 10.0]);
        var second = RowBind.Create("noise", Measure, ["scale", 10.0]);
        var other = RowBind.Create("noise", Measure, ["scale", 10.0], secret: RowBind.OtherSecret);
        var differs = 0;
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(first.Transform(i * 1.5), second.Transform(i * 1.5));
            if (!Equals(first.Transform(i * 1.5), other.Transform(i * 1.5))) differs++;
        }
        Assert.True(differs > 95);
        // Equal numbers written differently get equal noise.
        var amounts = RowBind.Create("noise", Columns.Decimal("amount", 12, 4), ["scale", 10.0]);
        Assert.Equal(amounts.Transform(12.5m), amounts.Transform(12.5000m));
        Assert.Equal(amounts.Transform(12m), amounts.Transform(12L));
        Assert.Null(first.Transform(null));
    }

    [Fact]
    public void Noise_keyed_by_an_entity_differs_between_entities()
    {
        Column[] row = [Columns.Integer("patient_id"), Measure];
        var noise = (IRowAwareTransformer)RowBind.Create("noise", Measure, ["scale", 10.0, "entity", "patient_id"], row);
        Assert.Equal(["patient_id"], noise.ReadsColumns);
        var a = noise.Transform(37.0, RowBind.Row(row, 1L, 37.0));
        Assert.NotEqual(a, noise.Transform(37.0, RowBind.Row(row, 2L, 37.0)));
        Assert.Equal(a, noise.Transform(37.0, RowBind.Row(row, 1L, 37.0)));
    }

    [Fact]
    public void Noise_reports_inconsistent_calibration_parameters()
    {
        Assert.Contains(RowBind.Validate("noise", Measure), d => d.Code == DiagnosticCodes.MissingParameter);
        Assert.Contains(RowBind.Validate("noise", Measure, ["scale", 1.0, "epsilon", 1.0]), d => d.Message.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("noise", Measure, ["distribution", "gaussian", "epsilon", 2.0, "delta", 1e-5]), d => d.Message.Contains("epsilon < 1", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("noise", Measure, ["distribution", "gaussian", "epsilon", 0.5]), d => d.Message.Contains("'delta'", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("noise", Measure, ["scale", 1.0, "min", 5.0, "max", 1.0]), d => d.Code == DiagnosticCodes.ParameterOutOfRange);
        Assert.Empty(RowBind.Validate("noise", Measure, ["distribution", "gaussian", "epsilon", 0.5, "delta", 1e-5]));
    }

    private static double[] Draw(object?[] arguments)
    {
        var transformer = RowBind.Create("noise", Measure, arguments);
        var noise = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            double x = i;
            noise[i] = (double)transformer.Transform(x)! - x;
        }
        return noise;
    }

    private static double KolmogorovSmirnov(double[] samples, Func<double, double> cdf)
    {
        Array.Sort(samples);
        var n = samples.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(samples[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    // Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
