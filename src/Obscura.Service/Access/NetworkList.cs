using System.Net;
using Obscura.Core.Diagnostics;

namespace Obscura.Service.Access;

/// <summary>A list of IPv4/IPv6 networks (CIDR); an IPv4 address mapped into IPv6 (<c>::ffff:a.b.c.d</c>) matches as IPv4.</summary>
internal sealed class NetworkList
{
    private NetworkList(IReadOnlyList<IPNetwork> networks) => Networks = networks;

    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool IsEmpty => Networks.Count == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var n in Networks)
        {
            if (n.Contains(address)) return true;
        }
        return false;
    }

    /// <summary>Parses every entry; all bad entries are reported together (OBS930), each with its setting and position.</summary>
    public static NetworkList Parse(IReadOnlyList<string> entries, string setting, DiagnosticBag diagnostics)
    {
        var result = new List<IPNetwork>();
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i]?.Trim() ?? string.Empty;
            // A network whose address has host bits set (10.0.0.1/8) is most likely a typo: refused, not silently widened.
            if (text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out var network) && IPAddress.Parse(text[..text.IndexOf('/', StringComparison.Ordinal)]).Equals(network.BaseAddress)) result.Add(network);
            else if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var single)) result.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
            {
                diagnostics.Error($"{setting}[{i}]", DiagnosticCodes.ServiceAccessSettingsInvalid,
                    $"'{text}' is not a network: write an address or ADDRESS/PREFIX with the host bits zero (10.0.0.0/8, 2001:db8::/32)");
            }
        }
        return new NetworkList(result);
    }
}
