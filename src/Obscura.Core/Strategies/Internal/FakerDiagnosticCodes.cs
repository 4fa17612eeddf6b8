namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Diagnostic codes the <c>faker</c> strategy reports beyond the shared ones (to move into
/// <see cref="Diagnostics.DiagnosticCodes"/> and the docs/config.md table when the strategy is registered).
/// </summary>
/// <remarks>
/// <code>
/// OBS308  warning   faker   output not guaranteed distinct on a unique column (kind without a unique form, or a column too short for it)
/// OBS309  warning   faker   the column is too short for complete values of the kind; they are cut (and lose their validity)
/// </code>
/// Kind/type mismatches use OBS207, bad parameter values (locale, ages, as_of) OBS300.
/// </remarks>
internal static class FakerDiagnosticCodes
{
    /// <summary>Faker output is not guaranteed distinct on a unique column.</summary>
    public const string NotUnique = "OBS308";
    /// <summary>The column is too short for complete values; they are cut.</summary>
    public const string TooShort = "OBS309";
}
