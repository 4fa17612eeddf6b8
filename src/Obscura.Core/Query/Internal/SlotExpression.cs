using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query.Internal;

/// <summary>In post-processing expressions: a group key, an aggregate or an output column of the result row.</summary>
internal sealed record SlotExpression(SlotKind Kind, int Index, SqlPosition Position) : SqlExpression(Position);

/// <summary>What a <see cref="SlotExpression"/> refers to.</summary>
internal enum SlotKind
{
    Key,
    Aggregate,
    Output,
}
