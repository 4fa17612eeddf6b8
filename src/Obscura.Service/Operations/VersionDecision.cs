namespace Obscura.Service.Operations;

/// <summary>A decision given on one request version: who, in which role, approve or reject, when.</summary>
public sealed record VersionDecision(string Role, string User, string Decision, DateTimeOffset DecidedAt);
