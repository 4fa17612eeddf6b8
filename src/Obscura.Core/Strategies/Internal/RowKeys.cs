using System.Globalization;
using System.Text;
using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Key derivation for the row strategies: HKDF label <c>&lt;strategy&gt;/&lt;fingerprint&gt;</c>, where the
/// fingerprint lists the arguments that shape the value mapping. Arguments that name columns (an <c>entity</c>, a
/// template) are left out, so equal inputs give equal outputs across tables and databases.
/// </summary>
internal static class RowKeys
{
    /// <summary>Two independent SipHash keys for one strategy use.</summary>
    public static (SipHash First, SipHash Second) Derive(RunSecret secret, string strategy, StrategyArguments arguments, params string[] exclude)
    {
        Span<byte> material = stackalloc byte[2 * SipHash.KeySize];
        secret.DeriveKey(strategy + "/" + Fingerprint(arguments, exclude), material);
        var keys = (new SipHash(material[..SipHash.KeySize]), new SipHash(material[SipHash.KeySize..]));
        material.Clear();
        return keys;
    }

    /// <summary>Like <see cref="StrategyArguments.Fingerprint"/>, without the <paramref name="exclude"/>d names.</summary>
    public static string Fingerprint(StrategyArguments arguments, string[] exclude)
    {
        var names = new List<string>(arguments.Values.Keys);
        names.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (Array.IndexOf(exclude, name) >= 0) continue;
            if (text.Length > 0) text.Append(';');
            text.Append(name).Append('=').Append(Convert.ToString(arguments.Values[name], CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
