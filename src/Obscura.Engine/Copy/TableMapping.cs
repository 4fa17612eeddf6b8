using Obscura.Core.Schema;

namespace Obscura.Engine.Copy;

/// <summary>A source table and the table it becomes in the target (names and types in the target's terms).</summary>
public sealed record TableMapping(Table Source, Table Target);
