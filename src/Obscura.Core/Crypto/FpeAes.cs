using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Obscura.Core.Crypto;

/// <summary>
/// AES-128/192/256 forward cipher on single blocks (CIPH_K of SP 800-38G), the only primitive FF1 and FF3-1 need.
/// Uses the CPU's AES instructions (x86 AES-NI, Arm64 AES) when present and they pass the FIPS-197 known-answer
/// test, else the platform's AES (correct but about 50 times slower per block through its managed wrapper).
/// Thread-safe.
/// </summary>
internal sealed class FpeAes : IDisposable
{
    private static readonly bool HardwareUsable = (X86Aes.IsSupported || ArmAes.IsSupported) && HardwareSelfTest();

    private readonly Vector128<byte>[] _roundKeys;
    private readonly int _rounds;
    private readonly Aes? _platform;
    private readonly ICryptoTransform? _ecb;
    private readonly byte[]? _in;
    private readonly byte[]? _out;
    private readonly Lock _lock = new();

    /// <summary>Creates the cipher for a 16-, 24- or 32-byte key.</summary>
    /// <exception cref="ArgumentException">The key length is not an AES key length.</exception>
    public FpeAes(ReadOnlySpan<byte> key) : this(key, HardwareUsable)
    {
    }

    private FpeAes(ReadOnlySpan<byte> key, bool hardware)
    {
        _rounds = FpeAesKeySchedule.Rounds(key.Length);
        if (hardware)
        {
            var expanded = FpeAesKeySchedule.Expand(key);
            _roundKeys = new Vector128<byte>[_rounds + 1];
            for (var r = 0; r <= _rounds; r++) _roundKeys[r] = Vector128.Create(expanded.AsSpan(16 * r, 16));
            Array.Clear(expanded);
            return;
        }
        _roundKeys = [];
        _platform = Aes.Create();
        _platform.Mode = CipherMode.ECB;
        _platform.Padding = PaddingMode.None;
        _platform.Key = key.ToArray();
        _ecb = _platform.CreateEncryptor();
        _in = new byte[16];
        _out = new byte[16];
    }

    /// <summary>True when the CPU's AES instructions are used.</summary>
    public bool IsHardwareAccelerated => _ecb is null;

    /// <summary>Encrypts one 16-byte block.</summary>
    public Vector128<byte> Encrypt(Vector128<byte> block)
    {
        var keys = _roundKeys;
        // Loop bounds on keys.Length (= rounds + 1) let the JIT drop the bounds checks.
        if (X86Aes.IsSupported && keys.Length != 0)
        {
            var state = block ^ keys[0];
            var last = keys.Length - 1;
            for (var r = 1; r < last; r++) state = X86Aes.Encrypt(state, keys[r]);
            return X86Aes.EncryptLast(state, keys[last]);
        }
        if (ArmAes.IsSupported && keys.Length != 0)
        {
            // AESE is AddRoundKey + SubBytes + ShiftRows; the last round has no MixColumns and ends with AddRoundKey.
            var state = block;
            var last = keys.Length - 1;
            for (var r = 0; r < last - 1; r++) state = ArmAes.MixColumns(ArmAes.Encrypt(state, keys[r]));
            return ArmAes.Encrypt(state, keys[last - 1]) ^ keys[last];
        }
        return EncryptWithPlatform(block);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Array.Clear(_roundKeys);
        _ecb?.Dispose();
        _platform?.Dispose();
    }

    /// <summary>Test hook: the same cipher through the platform's AES, for cross-checking the hardware path.</summary>
    internal static FpeAes CreatePlatform(ReadOnlySpan<byte> key) => new(key, hardware: false);

    private Vector128<byte> EncryptWithPlatform(Vector128<byte> block)
    {
        lock (_lock)
        {
            block.CopyTo(_in!);
            _ecb!.TransformBlock(_in!, 0, 16, _out!, 0);
            var result = Vector128.Create(_out!);
            Array.Clear(_in!);
            Array.Clear(_out!);
            return result;
        }
    }

    // FIPS-197 Appendix C: the example vectors for each key size, plaintext 00112233445566778899aabbccddeeff.
    private static bool HardwareSelfTest()
    {
        ReadOnlySpan<string> expected = ["69c4e0d86a7b0430d8cdb78070b4c55a", "dda97ca4864cdfe06eaf70a0ec0d7191", "8ea2b7ca516745bfeafc49904b496089"];
        var plain = Vector128.Create(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        Span<byte> key = stackalloc byte[32];
        for (var i = 0; i < key.Length; i++) key[i] = (byte)i;
        Span<byte> output = stackalloc byte[16];
        for (var k = 0; k < 3; k++)
        {
            using var aes = new FpeAes(key[..(16 + 8 * k)], hardware: true);
            aes.Encrypt(plain).CopyTo(output);
            if (!output.SequenceEqual(Convert.FromHexString(expected[k]))) return false;
        }
        return true;
    }
}
