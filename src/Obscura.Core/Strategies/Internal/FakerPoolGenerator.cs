using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Kinds that pick from one locale data set: first_name, last_name, full_name, city, state, country,
/// street_address, postal_code, company, job_title. Plain lists are narrowed once to the entries that fit the column;
/// templates are re-rolled (from the same seeded stream) until one fits, else the shortest is cut at a word boundary.
/// </summary>
internal sealed class FakerPoolGenerator : FakerGenerator
{
    private const int Attempts = 12;
    private readonly FakerPool _pool;
    private readonly string[]? _choices;
    private readonly StringBuilder _scratch = new();

    public FakerPoolGenerator(FakerPool pool, FakerTarget target)
        : base(target)
    {
        _pool = pool;
        _choices = pool.LiteralsFitting(target.MaxLength);
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        if (_choices is { } choices) return choices[random.Next(choices.Length)];
        string? shortest = null;
        for (var i = 0; i < Attempts; i++)
        {
            var s = _pool.Render(ref random, _scratch);
            if (FakerText.Fits(s, Target.MaxLength)) return s;
            if (shortest is null || s.Length < shortest.Length) shortest = s;
        }
        return FakerText.Fit(shortest!, Target.MaxLength);
    }
}
