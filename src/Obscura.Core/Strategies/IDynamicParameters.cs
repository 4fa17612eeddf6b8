namespace Obscura.Core.Strategies;

/// <summary>
/// Implemented by a <see cref="StrategyDefinition"/> that accepts parameters whose names are only known from the
/// config, such as the inner parameters of <c>when</c> (<c>then_kind</c>) or <c>json</c> (<c>path_1</c>, <c>1_length</c>).
/// Config binding asks <see cref="FindDynamicParameter"/> for any name that is not one of
/// <see cref="StrategyDefinition.Parameters"/>; the value arrives as text and the strategy converts it itself.
/// </summary>
public interface IDynamicParameters
{
    /// <summary>The name patterns accepted beyond the fixed parameters, for docs and <c>obscura strategies</c> (names like <c>then_&lt;param&gt;</c>).</summary>
    IReadOnlyList<StrategyParameter> DynamicParameters { get; }

    /// <summary>A description of <paramref name="name"/> when it is an accepted dynamic parameter name, else null.</summary>
    StrategyParameter? FindDynamicParameter(string name);
}
