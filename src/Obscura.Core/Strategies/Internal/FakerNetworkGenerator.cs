using System.Globalization;
using System.Net;
using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>ipv4</c>: public unicast addresses (no private, loopback, link-local, documentation, multicast or reserved
/// ranges). Unique form: an IPv4 input goes through a keyed permutation of the 2^32 addresses restricted to its class
/// (public or not), so distinct IPv4 inputs never collide.
/// <c>ipv6</c>: global unicast addresses (2000::/3) in RFC 5952 form. Unique form: the low 64 bits are a keyed tag of
/// the input.
/// </summary>
internal sealed class FakerNetworkGenerator : FakerGenerator
{
    private const int Attempts = 32;
    private readonly bool _ipv6;
    private readonly bool _unique;
    private readonly SipHash _tag;
    private readonly KeyedPermutation _permutation;

    public FakerNetworkGenerator(FakerTarget target, bool ipv6, bool unique, FakerKeys keys)
        : base(target)
    {
        _ipv6 = ipv6;
        _unique = unique;
        _tag = keys.Tag;
        _permutation = new KeyedPermutation(keys.Permutation, 1UL << 32, tweak: 4);
    }

    /// <summary>True for public unicast IPv4 addresses.</summary>
    public static bool IsPublic(uint a)
    {
        var o1 = a >> 24;
        var o2 = (a >> 16) & 0xFF;
        var o3 = (a >> 8) & 0xFF;
        return o1 switch
        {
            0 or 10 or 127 or >= 224 => false,
            100 => o2 is < 64 or > 127,
            169 => o2 != 254,
            172 => o2 is < 16 or > 31,
            192 => o2 != 168 && !(o2 == 0 && o3 is 0 or 2),
            198 => o2 is not (18 or 19) && !(o2 == 51 && o3 == 100),
            203 => !(o2 == 0 && o3 == 113),
            _ => true,
        };
    }

    /// <summary>Parses strict dotted-quad IPv4 text ("192.0.2.1": four decimal octets of 1-3 digits).</summary>
    public static bool TryParseIpv4(string text, out uint address)
    {
        address = 0;
        var octets = 0;
        var i = 0;
        while (octets < 4)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && text[i] is >= '0' and <= '9' && i - start < 3) value = value * 10 + (text[i++] - '0');
            if (i == start || value > 255) return false;
            address = (address << 8) | (uint)value;
            octets++;
            if (octets < 4)
            {
                if (i >= text.Length || text[i] != '.') return false;
                i++;
            }
        }
        return i == text.Length;
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input) => _ipv6 ? Ipv6(ref random, input) : Ipv4(ref random, input);

    private string Ipv4(ref FakerRandom random, FakerInput input)
    {
        if (_unique && TryParseIpv4(input.Text, out var x))
        {
            var y = FakerDigits.Walk(_permutation, x, 0, static (v, _) => IsPublic((uint)v) ? 1 : 0);
            return Dotted((uint)y);
        }
        for (var i = 0; i < Attempts; i++)
        {
            var a = (uint)random.NextUInt64();
            if (!IsPublic(a)) continue;
            var text = Dotted(a);
            if (FakerText.Fits(text, Target.MaxLength)) return text;
        }
        // A short column: one-digit octets (1.0.0.0 to 9.9.9.9 are all public).
        return string.Create(CultureInfo.InvariantCulture, $"{1 + random.Next(9)}.{random.Next(10)}.{random.Next(10)}.{1 + random.Next(9)}");
    }

    private string Ipv6(ref FakerRandom random, FakerInput input)
    {
        Span<byte> bytes = stackalloc byte[16];
        var high = (random.NextUInt64() & 0x1FFF_FFFF_FFFF_FFFFUL) | 0x2000_0000_0000_0000UL;
        var low = _unique ? _tag.Compute(input.Utf8) : random.NextUInt64();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new IPAddress(bytes).ToString();
    }

    private static string Dotted(uint a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}");
}
