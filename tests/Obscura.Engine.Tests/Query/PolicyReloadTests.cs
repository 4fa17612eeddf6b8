using Obscura.Core.Diagnostics;
using Obscura.Engine.Query;
using Xunit;

namespace Obscura.Engine.Tests.Query;

public sealed class PolicyReloadTests
{
    private const string Valid = """
        tables:
          people: { privacy_unit: id, columns: { id: { type: int, private_id: true }, age: { type: int, lower: 0, upper: 100 } } }
        roles:
          analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10.0, delta: 1.0e-5 } }
        users:
          alice: [analyst]
        """;

    [Fact]
    public void A_changed_policy_is_reloaded_and_an_invalid_one_keeps_the_last_valid_in_force()
    {
        var path = Path.Combine(Path.GetTempPath(), "obscura-tests", Guid.NewGuid().ToString("N") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Valid);
        var source = new PolicySource(path);
        Assert.Equal(1.0, source.Current.RoleFor("alice").Limits.EpsilonPerQuery);

        File.WriteAllText(path, Valid.Replace("epsilon_per_query: 1.0", "epsilon_per_query: 0.25", StringComparison.Ordinal) + "\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(0.25, source.Current.RoleFor("alice").Limits.EpsilonPerQuery);
        Assert.Empty(source.Warnings);

        File.WriteAllText(path, Valid.Replace("[analyst]", "[nobody]", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(0.25, source.Current.RoleFor("alice").Limits.EpsilonPerQuery);
        Assert.Contains(source.Warnings, w => w.Code == DiagnosticCodes.PolicyReloadRejected);
        Assert.Contains(source.Warnings, w => w.Code == DiagnosticCodes.PolicyUnknownRole && w.Line == 6);
        File.Delete(path);
    }
}
