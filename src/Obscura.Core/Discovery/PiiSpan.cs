namespace Obscura.Core.Discovery;

/// <summary>One piece of personal data found in text: where it is (UTF-16 indexes) and what it is.</summary>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Number of characters, separators included (<c>4111 1111 1111 1111</c> is 19).</param>
/// <param name="Kind">What was found.</param>
public readonly record struct PiiSpan(int Start, int Length, PiiKind Kind)
{
    /// <summary>Index just past the last character.</summary>
    public int End => Start + Length;
}
