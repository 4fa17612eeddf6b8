using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Obscura.Core.Config.Internal;

/// <summary>
/// Builds <see cref="YamlNode"/> trees from YamlDotNet's parser events. YamlDotNet's <c>YamlStream</c> throws at
/// the first duplicate key, which would hide every other problem; reading the same events keeps them all.
/// </summary>
internal static partial class YamlTreeReader
{
    /// <summary>Reads the single document of <paramref name="yaml"/>; null when the text holds no document or has a syntax error (reported).</summary>
    public static YamlNode? Read(string yaml, DiagnosticBag diagnostics)
    {
        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var last = Mark.Empty;
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, diagnostics, ref last);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Error(string.Empty, DiagnosticCodes.YamlSyntax, "the config must be a single YAML document; remove the second '---' section",
                    (int)second.Start.Line, (int)second.Start.Column);
            }
            return root;
        }
        catch (YamlException e)
        {
            diagnostics.Error(string.Empty, DiagnosticCodes.YamlSyntax, "YAML syntax error: " + CleanMessage(e.Message), (int)e.Start.Line, (int)e.Start.Column);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some truncated inputs (e.g. an unclosed '[' at the end of the file).
            diagnostics.Error(string.Empty, DiagnosticCodes.YamlSyntax, "YAML syntax error: unexpected end of file (an unclosed bracket, brace or quote?)",
                (int)last.Line, (int)last.Column);
            return null;
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, DiagnosticBag diagnostics, ref Mark last)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        last = current.Start;
        switch (current)
        {
            case Scalar scalar:
            {
                parser.MoveNext();
                var node = YamlNode.Scalar(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)scalar.Start.Line, (int)scalar.Start.Column);
                Remember(scalar, node, anchors);
                return node;
            }
            case AnchorAlias alias:
            {
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                diagnostics.Error(string.Empty, DiagnosticCodes.YamlSyntax, $"unknown alias '*{alias.Value.Value}'", (int)alias.Start.Line, (int)alias.Start.Column);
                return YamlNode.Scalar(string.Empty, true, (int)alias.Start.Line, (int)alias.Start.Column);
            }
            case SequenceStart start:
            {
                parser.MoveNext();
                var node = YamlNode.Collection(YamlNodeKind.Sequence, (int)start.Start.Line, (int)start.Start.Column);
                Remember(start, node, anchors);
                while (!parser.TryConsume<SequenceEnd>(out _)) node.Items.Add(ReadNode(parser, anchors, diagnostics, ref last));
                return node;
            }
            case MappingStart start:
            {
                parser.MoveNext();
                var node = YamlNode.Collection(YamlNodeKind.Mapping, (int)start.Start.Line, (int)start.Start.Column);
                Remember(start, node, anchors);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, diagnostics, ref last);
                    var value = ReadNode(parser, anchors, diagnostics, ref last);
                    node.Pairs.Add(new(key, value));
                }
                return node;
            }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static void Remember(NodeEvent node, YamlNode built, Dictionary<string, YamlNode> anchors)
    {
        if (!node.Anchor.IsEmpty) anchors[node.Anchor.Value] = built;
    }

    // Messages start with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): " in some versions; the place is reported separately.
    private static string CleanMessage(string message) => PlacePrefix().Replace(message, string.Empty).TrimEnd('.') ;

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PlacePrefix();
}
