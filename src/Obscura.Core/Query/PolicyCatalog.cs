using Obscura.Core.Query.Policy;
using Obscura.Core.Schema;

namespace Obscura.Core.Query;

/// <summary>A catalog made of the policy's tables and columns, for planning without a database (<c>policy explain</c>).</summary>
public static class PolicyCatalog
{
    /// <summary>One table per policy table, with its declared columns.</summary>
    public static Catalog From(PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var tables = policy.Tables.Select(t => new Table
        {
            Name = new TableName(t.Schema, t.Name),
            Columns = t.Columns.Select((c, i) => new Column
            {
                Name = c.Name,
                Ordinal = i + 1,
                DeclaredType = c.Type.ToString().ToLowerInvariant(),
                TypeClass = c.Type switch
                {
                    PolicyColumnType.Int => TypeClass.Integer,
                    PolicyColumnType.Float => TypeClass.Float,
                    PolicyColumnType.Bool => TypeClass.Boolean,
                    PolicyColumnType.Date => TypeClass.Date,
                    _ => TypeClass.Text,
                },
            }).ToList(),
        }).ToList();
        return new Catalog { Provider = "policy", Database = Path.GetFileName(policy.FilePath), Tables = tables };
    }
}
