namespace Obscura.Engine.Profiling;

/// <summary>How each statistic of a profile is computed, as written into <c>profile.json</c>.</summary>
public static class ProfileMethods
{
    /// <summary>Statistic name → method and accuracy.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["rows"] = "exact count of rows read",
        ["nulls"] = "exact count",
        ["distinct"] = "HyperLogLog, precision 14 (16384 registers), 64-bit hash, Ertl's improved estimator; standard error 0.81%; exact (distinct_from: unique constraint) for a column that alone is the primary key or a unique constraint, whose top values are then left out",
        ["min_max"] = "exact over non-null values (text by code point; NaN and infinities skipped)",
        ["mean_stddev"] = "Welford's one-pass algorithm, partitions merged with Chan's formula; sample standard deviation (n - 1)",
        ["length"] = "exact min, mean and max of characters (text) or bytes (binary)",
        ["top_values"] = "space-saving with 64 counters; a value's true count lies in [count - error, count]; only estimates with error <= count / 2 are reported",
        ["patterns"] = "value shapes (A upper-case letter, a other letter, 9 digit, punctuation kept; runs collapsed to A+ in values over 32 characters) counted by space-saving with 64 counters",
        ["histogram"] = "at most 64 equal bins whose width is a power of two, widened as values arrive; exact counts, identical however the table is partitioned",
        ["pii"] = "columns classified as personal data have min, max, top values and histogram bounds withheld, and mean/stddev/histogram withheld below 10 values",
    };
}
