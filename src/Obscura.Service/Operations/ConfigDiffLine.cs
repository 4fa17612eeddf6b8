namespace Obscura.Service.Operations;

/// <summary>
/// One line of the config's line diff. <see cref="Kind"/>: unchanged (context), added, removed, or skipped (a run of
/// unchanged lines left out; <see cref="Text"/> says how many). Line numbers are 1-based in the old and new text.
/// </summary>
public sealed record ConfigDiffLine(string Kind, int? OldLine, int? NewLine, string Text);
