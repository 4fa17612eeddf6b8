namespace Obscura.Core.Profiling;

/// <summary>
/// One entry of a <see cref="SpaceSaving{T}"/> summary: the value, its estimated count and the most that estimate can
/// exceed the true count (the true count lies in [<see cref="Count"/> - <see cref="Error"/>, <see cref="Count"/>]).
/// </summary>
public readonly record struct FrequentItem<T>(T Value, long Count, long Error);
