using Obscura.Core.Discovery;

namespace Obscura.Core.Strategies.Internal;

/// <summary>One found item and what takes its place in the output.</summary>
/// <param name="Span">Where the item is in the input.</param>
/// <param name="Text">The replacement.</param>
/// <param name="Quoted">True when the item is a bare JSON number, so a mask or tag must be written as a JSON string.</param>
internal readonly record struct TextPiiReplacement(PiiSpan Span, string Text, bool Quoted)
{
    /// <summary>Characters the replacement adds (negative when it is shorter).</summary>
    public int Growth => Text.Length - Span.Length;
}
