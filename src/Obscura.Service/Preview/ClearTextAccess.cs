using Obscura.Service.Internal;

namespace Obscura.Service.Preview;

/// <summary>
/// Who may read a data source's values, for the masked preview and for the dashboard's inventory alike: HRCI and
/// Confidential sources are protected, and only roles that <see cref="PreviewSettings.ClearTextGrants"/> names for the
/// source's classification read them in clear.
/// </summary>
internal static class ClearTextAccess
{
    private static readonly string[] ProtectedClassifications = ["HRCI", "Confidential"];

    /// <summary>True when values of a source of this classification are protected.</summary>
    public static bool IsProtected(string? classification) =>
        classification is { } c && ProtectedClassifications.Contains(c, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when one of the actor's roles is granted clear text for this classification.</summary>
    public static bool IsGranted(PreviewSettings preview, string? classification, Actor actor) =>
        classification is { } c && preview.ClearTextGrants.TryGetValue(c, out var roles) && roles.Any(actor.Holds);
}
