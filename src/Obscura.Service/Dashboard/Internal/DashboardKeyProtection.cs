using Obscura.Service.Security;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>The master key the dashboard's data-protection keys are encrypted under (null: stored unencrypted).</summary>
internal sealed record DashboardKeyProtection(MasterKey? MasterKey);
