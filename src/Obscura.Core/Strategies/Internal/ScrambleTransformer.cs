using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>scramble</c>: a keyed Fisher–Yates shuffle of the value's characters (code points; surrogate pairs stay whole),
/// seeded by a keyed PRF of the value, so equal values scramble alike. With <c>keep_class</c>, letters move only among
/// letter positions and digits among digit positions; everything else stays in place. Length and the multiset of
/// characters are kept. Allocates only the result for text without surrogates.
/// </summary>
internal sealed class ScrambleTransformer(SipHash prf, bool keepClass) : IColumnTransformer, ICollisionRetry
{
    private readonly RowKeyedHash _hash = new(prf);
    private int[] _positions = new int[64];

    /// <inheritdoc />
    public object? Transform(object? value) => Scramble(value, 0);

    /// <inheritdoc />
    /// <remarks>Another keyed order of the same characters; null once the text has too few characters to reorder.</remarks>
    public object? Retry(object? original, object? produced, int attempt, RowContext? row) => Scramble(original, attempt);

    private object? Scramble(object? value, int attempt)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (text.Length < 2) return attempt == 0 ? text : null;
        var seed = _hash.Of(text.AsSpan());
        if (attempt > 0) seed = RetrySalt.Mix(seed, attempt);
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0) return ShuffleRunes(text, seed);
        if (_positions.Length < text.Length) _positions = new int[Math.Max(text.Length, _positions.Length * 2)];
        return string.Create(text.Length, (Text: text, Seed: seed, KeepClass: keepClass, Positions: _positions), static (span, s) =>
        {
            s.Text.AsSpan().CopyTo(span);
            var state = s.Seed;
            if (!s.KeepClass)
            {
                for (var k = span.Length - 1; k > 0; k--)
                {
                    var j = Next(ref state, k + 1);
                    (span[k], span[j]) = (span[j], span[k]);
                }
                return;
            }
            for (var pass = 0; pass < 2; pass++)
            {
                var n = 0;
                for (var i = 0; i < span.Length; i++)
                    if (pass == 0 ? char.IsLetter(span[i]) : char.IsDigit(span[i])) s.Positions[n++] = i;
                for (var k = n - 1; k > 0; k--)
                {
                    var j = Next(ref state, k + 1);
                    var a = s.Positions[k];
                    var b = s.Positions[j];
                    (span[a], span[b]) = (span[b], span[a]);
                }
            }
        });
    }

    // Text with surrogates: shuffle whole code points; a lone surrogate is a unit of its own and stays in place
    // under keep_class, so nothing is ever turned into U+FFFD.
    private string ShuffleRunes(string text, ulong seed)
    {
        var units = new List<(int Start, int Length, int Class)>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var valid = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done;
            var kind = !valid ? 2 : Rune.IsLetter(rune) ? 0 : Rune.IsDigit(rune) ? 1 : 2;
            units.Add((i, consumed, kind));
            i += consumed;
        }
        var order = new int[units.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var state = seed;
        if (!keepClass)
        {
            for (var k = order.Length - 1; k > 0; k--)
            {
                var j = Next(ref state, k + 1);
                (order[k], order[j]) = (order[j], order[k]);
            }
        }
        else
        {
            var positions = new List<int>(units.Count);
            for (var pass = 0; pass < 2; pass++)
            {
                positions.Clear();
                for (var i = 0; i < units.Count; i++) if (units[i].Class == pass) positions.Add(i);
                for (var k = positions.Count - 1; k > 0; k--)
                {
                    var j = Next(ref state, k + 1);
                    (order[positions[k]], order[positions[j]]) = (order[positions[j]], order[positions[k]]);
                }
            }
        }
        var builder = new StringBuilder(text.Length);
        foreach (var index in order) builder.Append(text, units[index].Start, units[index].Length);
        return builder.ToString();
    }

    // SplitMix64 step over the keyed seed, reduced to [0, bound) by multiply-high (bias below 2^-32 for short text).
    private static int Next(ref ulong state, int bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)Math.BigMul(z, (ulong)bound, out _);
    }
}
