using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Discovery;

/// <summary>
/// The drafted <c>obscura.yaml</c>: one rule per personal-data column that needs one, checked by the real planner.
/// <see cref="MapperErrors"/> lists what the planner refused in the first draft (each a bug in the mapping, replaced by a
/// fallback rule in <see cref="Yaml"/>); <see cref="Diagnostics"/> is what the planner says about the final text.
/// </summary>
/// <param name="Yaml">The config text.</param>
/// <param name="Rules">Rules written.</param>
/// <param name="MapperErrors">Planner errors of the first draft (empty when the mapping was right).</param>
/// <param name="Diagnostics">Planner diagnostics of the final draft (warnings; errors only if no fallback fitted).</param>
public sealed record DraftConfig(string Yaml, int Rules, IReadOnlyList<Diagnostic> MapperErrors, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The draft's tables and column lines, as <see cref="DraftWriter"/> wrote them into <see cref="Yaml"/>.</summary>
    public IReadOnlyList<DraftTable> Tables { get; init; } = [];

    /// <summary>No draft.</summary>
    public static DraftConfig Empty { get; } = new("tables: {}\n", 0, [], []);
}
