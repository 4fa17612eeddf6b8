namespace Obscura.Engine.Validation;

/// <summary>
/// Where a failure is: table, column and the row's key in the target (<c>id=42</c>, <c>order_id=7, line=2</c>), never
/// the offending value. When the key itself would reveal an original value it is withheld.
/// </summary>
public sealed record ValidationExample(string Table, string Column, string Key);
