using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Lower-case names of type classes for user messages and docs.</summary>
internal static class TypeClassNames
{
    /// <summary>Every type class, in declaration order.</summary>
    public static readonly TypeClass[] All = Enum.GetValues<TypeClass>();

    /// <summary>"text", "integer", ...</summary>
    public static string Of(TypeClass type) => type switch
    {
        TypeClass.Text => "text",
        TypeClass.Integer => "integer",
        TypeClass.Decimal => "decimal",
        TypeClass.Float => "float",
        TypeClass.Boolean => "boolean",
        TypeClass.Date => "date",
        TypeClass.DateTime => "datetime",
        TypeClass.DateTimeOffset => "datetimeoffset",
        TypeClass.Time => "time",
        TypeClass.Uuid => "uuid",
        TypeClass.Json => "json",
        TypeClass.Binary => "binary",
        _ => "other",
    };

    /// <summary>"text, integer, ..." in declaration order, or "all types".</summary>
    public static string Join(IReadOnlySet<TypeClass> types)
    {
        if (types.Count == All.Length) return "all types";
        var names = new List<string>(types.Count);
        foreach (var t in All) if (types.Contains(t)) names.Add(Of(t));
        return string.Join(", ", names);
    }

    /// <summary>A set of the given type classes.</summary>
    public static IReadOnlySet<TypeClass> Set(params TypeClass[] types) => new HashSet<TypeClass>(types);
}
