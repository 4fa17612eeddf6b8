namespace Obscura.Core.Profiling;

/// <summary>One bin of an <see cref="AdaptiveHistogram"/>: values in [<see cref="Low"/>, <see cref="High"/>).</summary>
public readonly record struct HistogramBin(double Low, double High, long Count);
