using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>A validated request with the data sources it resolved to, the roles it needs and its fingerprint.</summary>
internal sealed record PlannedOperation(OperationRequest Request, DataSourceRecord Source, DataSourceRecord? Target, IReadOnlyList<string> RequiredRoles, string Fingerprint);
