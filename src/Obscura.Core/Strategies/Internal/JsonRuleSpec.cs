namespace Obscura.Core.Strategies.Internal;

/// <summary>The flat config of one <c>json</c> rule: <c>path_N</c>, <c>strategy_N</c> and the <c>N_*</c> inner parameters (prefix removed).</summary>
internal sealed record JsonRuleSpec(int Number, string? Path, string? Strategy, List<KeyValuePair<string, object?>> Parameters);
