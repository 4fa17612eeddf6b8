namespace Obscura.Core.Strategies.Internal;

/// <summary>One <c>json</c> rule: a path and the inner transformers for string leaves (Text) and number leaves (Decimal); either may be null.</summary>
internal sealed record JsonLeafRule(JsonPathPattern Path, IColumnTransformer? Text, IColumnTransformer? Number);
