namespace Obscura.Engine.Preview;

/// <summary>How one column is shown in a preview.</summary>
/// <param name="Name">The column.</param>
/// <param name="PiiKind">The kind of personal data the scan found (email, first_name, ...), or null.</param>
/// <param name="Strategy">The strategy applied, or null.</param>
/// <param name="Shown"><c>masked</c> (a strategy applied), <c>clear</c>, or <c>withheld</c> (personal data with no strategy to apply: null).</param>
/// <param name="Source"><c>config</c> (the operation's), <c>draft</c> (the scan's), or null when shown in clear.</param>
public sealed record PreviewColumn(string Name, string? PiiKind, string? Strategy, string Shown, string? Source);
