using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Obscura.Core.Profiling;

/// <summary>
/// Fast, unkeyed 64-bit hashing of column values for sketches (<see cref="HyperLogLog"/>, <see cref="SpaceSaving{T}"/>).
/// Not cryptographic and not for anything an adversary chooses: each step multiplies two 64-bit words into 128 bits and
/// folds the halves together, which spreads every input bit over the whole output. Deterministic across processes and
/// machines, so sketches built in different partitions (or runs) merge.
/// </summary>
public static class ProfileHash
{
    // Odd constants with well-mixed bits (the first is 2^64 / golden ratio).
    private const ulong K0 = 0x9E3779B97F4A7C15UL;
    private const ulong K1 = 0xD6E8FEB86659FD93UL;
    private const ulong K2 = 0xA0761D6478BD642FUL;
    private const ulong K3 = 0xE7037ED1A0B428DBUL;

    /// <summary>Hash of a 64-bit integer (also used for dates as ticks and for doubles as bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(long value)
    {
        var h = Fold((ulong)value ^ K0, K1);
        return Fold(h ^ K2, (ulong)value ^ K3);
    }

    /// <summary>Hash of a double; 0.0 and -0.0 hash alike, as do all NaNs.</summary>
    public static ulong Of(double value)
    {
        if (value == 0) value = 0;
        else if (double.IsNaN(value)) value = double.NaN;
        return Of(BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Hash of a GUID's 16 bytes.</summary>
    public static ulong Of(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        return Of(bytes);
    }

    /// <summary>Hash of text (its UTF-16 code units).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<char> value) => Of(MemoryMarshal.AsBytes(value));

    /// <summary>Hash of bytes.</summary>
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = K0 ^ ((ulong)length * K1);
        var i = 0;
        for (; length - i >= 16; i += 16)
        {
            h = Fold(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]) ^ K1, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]) ^ h ^ K2);
        }
        var rest = length - i;
        if (rest > 0)
        {
            ulong a, b;
            if (rest >= 8)
            {
                a = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
                // The last 8 bytes, overlapping a: no padding or byte loop needed, and the length above keeps it unambiguous.
                b = BinaryPrimitives.ReadUInt64LittleEndian(data[(length - 8)..]);
            }
            else if (rest >= 4)
            {
                a = BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
                b = BinaryPrimitives.ReadUInt32LittleEndian(data[(length - 4)..]);
            }
            else
            {
                // 1-3 bytes: first, middle and last byte.
                a = ((ulong)data[i] << 16) | ((ulong)data[i + (rest >> 1)] << 8) | data[length - 1];
                b = 0;
            }
            h = Fold(a ^ K1, b ^ h ^ K3);
        }
        return Fold(h ^ K2, (ulong)length ^ K0);
    }

    /// <summary>The 128-bit product of two words, high half xor low half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
