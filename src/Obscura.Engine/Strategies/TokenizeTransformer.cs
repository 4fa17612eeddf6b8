using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>Value → token; new (token, value) pairs go to the prepared column's bounded buffer. NULL stays NULL.</summary>
internal sealed class TokenizeTransformer(Tokenizer tokenizer, TokenizePrepared prepared) : IColumnTransformer
{
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        var (token, tokenText) = tokenizer.Tokenize(value, text);
        prepared.Record(tokenText, text);
        return token;
    }
}
