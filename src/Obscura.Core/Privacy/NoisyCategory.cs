namespace Obscura.Core.Privacy;

/// <summary>One category kept by <see cref="NoisyHistogram.TopCategories{TKey}"/>: its key and noisy count.</summary>
/// <typeparam name="TKey">The category's key.</typeparam>
/// <param name="Key">The category.</param>
/// <param name="Count">Its noisy count, rounded to a whole number.</param>
public sealed record NoisyCategory<TKey>(TKey Key, long Count);
