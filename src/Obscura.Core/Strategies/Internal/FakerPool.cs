using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>The entries of one locale data set (<c>name.last_name</c>, <c>address.city</c>, ...), compiled once and shared.</summary>
internal sealed class FakerPool
{
    /// <summary>Creates a pool; <paramref name="items"/> must not be empty.</summary>
    public FakerPool(string path, FakerTemplate[] items)
    {
        Path = path;
        Items = items;
        var literals = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Literal is not { } literal)
            {
                literals = null;
                break;
            }
            literals[i] = literal;
        }
        Literals = literals;
    }

    /// <summary>Where the data comes from, e.g. <c>address.city</c>.</summary>
    public string Path { get; }

    /// <summary>The entries.</summary>
    public FakerTemplate[] Items { get; }

    /// <summary>The entries' texts when none has placeholders; null otherwise.</summary>
    public string[]? Literals { get; }

    /// <summary>A pool of plain strings.</summary>
    public static FakerPool OfLiterals(string path, IReadOnlyList<string> values)
    {
        var items = new FakerTemplate[values.Count];
        for (var i = 0; i < items.Length; i++) items[i] = FakerTemplate.FromLiteral(values[i]);
        return new FakerPool(path, items);
    }

    /// <summary>Picks an entry and renders it onto <paramref name="builder"/>.</summary>
    public void Append(ref FakerRandom random, StringBuilder builder) => Items[random.Next(Items.Length)].Append(ref random, builder);

    /// <summary>Picks an entry and renders it.</summary>
    public string Render(ref FakerRandom random, StringBuilder scratch)
    {
        if (Literals is { } literals) return literals[random.Next(literals.Length)];
        scratch.Clear();
        Append(ref random, scratch);
        return scratch.ToString();
    }

    /// <summary>The plain entries of at most <paramref name="maxLength"/> characters, or null when this is not a plain pool or none fits.</summary>
    public string[]? LiteralsFitting(int? maxLength)
    {
        if (Literals is not { } literals) return null;
        if (maxLength is null) return literals;
        var fitting = new List<string>();
        foreach (var s in literals) if (FakerText.Fits(s, maxLength)) fitting.Add(s);
        return fitting.Count == 0 ? null : [.. fitting];
    }
}
