namespace Obscura.Core.Query.Internal;

/// <summary>The broad kind of a value, for choosing integer noise and for messages.</summary>
internal enum ValueKind
{
    Integer,
    Number,
    Text,
    Other,
}
