using System.Globalization;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Sampling;

/// <summary>The share of a sample each strategy picks, in percent (summing to 100): <c>anomaly=30,boundary=20,risk=10,random=40</c>.</summary>
public sealed record SampleMix
{
    /// <summary>Percent per strategy; strategies not named are 0.</summary>
    public required IReadOnlyDictionary<SampleStrategy, int> Percent { get; init; }

    /// <summary>The default mix: anomaly 30, boundary 20, risk 10, random 40.</summary>
    public static SampleMix Default { get; } = new()
    {
        Percent = new Dictionary<SampleStrategy, int>
        {
            [SampleStrategy.Anomaly] = 30, [SampleStrategy.Boundary] = 20, [SampleStrategy.Risk] = 10, [SampleStrategy.Random] = 40,
        },
    };

    /// <summary>The strategy's name as written in a mix.</summary>
    public static string Name(SampleStrategy strategy) => strategy.ToString().ToLowerInvariant();

    /// <summary>Parses <c>NAME=PERCENT,...</c> (names: anomaly, boundary, risk, cluster, random; <c>%</c> optional).</summary>
    /// <exception cref="ObscuraConfigException">Unknown names, repeats, values that are not whole percents, or a sum other than 100 (all listed).</exception>
    public static SampleMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new DiagnosticBag();
        var percent = new Dictionary<SampleStrategy, int>();
        var known = string.Join(", ", Enum.GetValues<SampleStrategy>().Select(Name));
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOf('=', StringComparison.Ordinal);
            var name = at > 0 ? part[..at].Trim() : part;
            var value = at > 0 ? part[(at + 1)..].Trim().TrimEnd('%') : "";
            if (!Enum.TryParse<SampleStrategy>(name, ignoreCase: true, out var strategy) || int.TryParse(name, out _))
            {
                diagnostics.Error("--mix", DiagnosticCodes.InvalidSampleRequest, $"--mix: unknown strategy '{name}'; use {known}");
                continue;
            }
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var share) || share > 100)
            {
                diagnostics.Error("--mix", DiagnosticCodes.InvalidSampleRequest, $"--mix: {name} needs a whole percentage from 0 to 100, e.g. {name}=30");
                continue;
            }
            if (!percent.TryAdd(strategy, share)) diagnostics.Error("--mix", DiagnosticCodes.InvalidSampleRequest, $"--mix names {name} twice");
        }
        if (!diagnostics.HasErrors && percent.Values.Sum() != 100)
            diagnostics.Error("--mix", DiagnosticCodes.InvalidSampleRequest, $"--mix percentages sum to {percent.Values.Sum()}, not 100");
        diagnostics.ThrowIfErrors("the sample mix is invalid");
        return new SampleMix { Percent = percent };
    }

    /// <summary>The mix as text, in strategy order: <c>boundary=20,anomaly=30,...</c>.</summary>
    public override string ToString() =>
        string.Join(",", Enum.GetValues<SampleStrategy>().Where(s => Percent.GetValueOrDefault(s) > 0).Select(s => $"{Name(s)}={Percent[s]}"));
}
