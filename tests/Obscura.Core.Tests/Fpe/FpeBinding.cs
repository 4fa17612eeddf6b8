using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Tests.Fpe;

/// <summary>Builds <c>fpe</c> bindings by hand, with defaults filled in as the config binder does.</summary>
internal static class FpeBinding
{
    public static readonly FpeStrategy Strategy = new();
    public static readonly RunSecret Secret = RunSecret.FromText("fpe tests: a run secret of some length");
    public static readonly RunSecret OtherSecret = RunSecret.FromText("fpe tests: another run secret entirely");

    public static StrategyArguments Arguments(params (string Name, object? Value)[] given)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in Strategy.Parameters) values[parameter.Name] = parameter.Default;
        foreach (var (name, value) in given) values[name] = value;
        return new StrategyArguments(values);
    }

    public static StrategyBinding For(Column column, StrategyArguments arguments, RunSecret? secret = null, string table = "people") => new()
    {
        Table = new TableName("public", table),
        Column = column,
        Arguments = arguments,
        Secret = secret ?? Secret,
    };

    public static StrategyBinding For(Column column, params (string Name, object? Value)[] given) => For(column, Arguments(given));

    public static IColumnTransformer Encryptor(Column column, params (string Name, object? Value)[] given) => Strategy.Create(For(column, given));

    public static IColumnTransformer Decryptor(Column column, params (string Name, object? Value)[] given) => FpeStrategy.CreateInverse(For(column, given));

    public static Column Text(string name = "code", int? maxLength = null) =>
        new() { Name = name, DeclaredType = maxLength is null ? "text" : $"varchar({maxLength})", TypeClass = TypeClass.Text, MaxLength = maxLength };

    public static Column Integer(string name = "number", int bits = 64, bool unsigned = false) =>
        new() { Name = name, DeclaredType = $"int{bits}", TypeClass = TypeClass.Integer, IntegerBits = bits, IsUnsigned = unsigned };
}
