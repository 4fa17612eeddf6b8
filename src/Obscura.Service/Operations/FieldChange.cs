namespace Obscura.Service.Operations;

/// <summary>
/// One change between two request versions. <see cref="Field"/> is the request's JSON name (<c>tables</c>,
/// <c>filter.users</c>, <c>source.host</c>, <c>required_roles</c>, ...); <see cref="Change"/> is added, removed or changed.
/// A list member that came or went (a table, a role) is its own change with the member as <see cref="After"/> or
/// <see cref="Before"/>. A password is never shown: its change reads "changed".
/// </summary>
public sealed record FieldChange(string Field, string Change, string? Before, string? After);
