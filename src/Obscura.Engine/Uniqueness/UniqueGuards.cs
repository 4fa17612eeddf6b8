using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Uniqueness;

/// <summary>Finds the unique constraints of a table that its transforms could break, and builds a guard for each.</summary>
public static class UniqueGuards
{
    /// <summary>
    /// One guard per distinct unique column set (primary key, unique constraints, unique column indexes) that holds a
    /// transformed column whose strategy is not an exact bijection for it. Empty when nothing can collide.
    /// </summary>
    public static UniqueGuardSet Create(Table table, IReadOnlyList<ColumnTransform> transforms, long memoryBytes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(transforms);
        var risky = new Dictionary<string, ColumnTransform>(StringComparer.Ordinal);
        foreach (var t in transforms)
            if (!t.Definition.ProducesNull && !t.Definition.IsInjectiveFor(t.Binding)) risky[t.Column] = t;
        if (risky.Count == 0) return new UniqueGuardSet([]);

        var sets = new List<IReadOnlyList<string>>();
        if (table.PrimaryKey is { } pk) sets.Add(pk.Columns);
        foreach (var u in table.UniqueKeys) sets.Add(u.Columns);
        foreach (var i in table.Indexes) if (i.IsUnique && !i.HasExpressions && i.Columns.Count > 0) sets.Add(i.Columns);

        var guards = new List<UniqueGuard>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (!set.Any(risky.ContainsKey)) continue;
            if (!seen.Add(string.Join('\u001F', set.Order(StringComparer.Ordinal)))) continue;
            var ordinals = new int[set.Count];
            var columns = new Column[set.Count];
            var retry = -1;
            for (var k = 0; k < set.Count; k++)
            {
                ordinals[k] = IndexOf(table, set[k]);
                columns[k] = table.Columns[ordinals[k]];
                if (retry < 0 && risky.TryGetValue(set[k], out var t) && !t.Binding.IsKey && t.Definition.RetriesOnCollision(t.Binding)) retry = ordinals[k];
            }
            guards.Add(new UniqueGuard(table.Name.ToString(), columns, ordinals, retry, memoryBytes));
        }
        return new UniqueGuardSet(guards);
    }

    private static int IndexOf(Table table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++) if (table.Columns[i].Name == column) return i;
        throw new InvalidOperationException($"{table.Name} has no column '{column}' named by one of its unique constraints");
    }
}

/// <summary>The guards of one table stream; disposing deletes their spill files.</summary>
public sealed class UniqueGuardSet(IReadOnlyList<UniqueGuard> guards) : IReadOnlyList<UniqueGuard>, IDisposable
{
    /// <inheritdoc />
    public UniqueGuard this[int index] => guards[index];
    /// <inheritdoc />
    public int Count => guards.Count;
    /// <summary>Collisions resolved by all guards.</summary>
    public long Resolved => guards.Sum(g => g.Resolved);
    /// <inheritdoc />
    public IEnumerator<UniqueGuard> GetEnumerator() => guards.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var g in guards) g.Dispose();
    }
}
