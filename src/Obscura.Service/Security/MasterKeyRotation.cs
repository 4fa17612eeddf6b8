using Obscura.Core.Diagnostics;
using Obscura.Service.Store;

namespace Obscura.Service.Security;

/// <summary>
/// <c>obscura keys rotate</c>: re-encrypts every stored data-source password, and every dashboard data-protection key,
/// from the old master key to the new one. Ciphertexts name their key, so a rotation that stopped half-way is finished
/// by running it again.
/// </summary>
public static class MasterKeyRotation
{
    /// <summary>Re-encrypts passwords and dashboard keys; returns how many passwords changed key (already rotated ones are skipped).</summary>
    /// <exception cref="ObscuraConfigException">A ciphertext is under neither key, or does not decrypt.</exception>
    public static async Task<int> RotateAsync(IServiceStore store, MasterKey oldKey, MasterKey newKey, TimeProvider clock, CancellationToken cancellationToken) =>
        (await RotateAllAsync(store, oldKey, newKey, clock, cancellationToken).ConfigureAwait(false)).Passwords;

    /// <summary>Re-encrypts passwords and dashboard keys; returns how many of each changed key.</summary>
    /// <exception cref="ObscuraConfigException">A ciphertext is under neither key, or does not decrypt.</exception>
    public static async Task<(int Passwords, int DashboardKeys)> RotateAllAsync(IServiceStore store, MasterKey oldKey, MasterKey newKey, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentNullException.ThrowIfNull(clock);
        if (oldKey.KeyId == newKey.KeyId) throw new ObscuraConfigException("the new master key is the current one");
        var rotated = 0;
        foreach (var source in await store.ListDataSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.PasswordCipher is not { } cipher || cipher.StartsWith($"v1:{newKey.KeyId}:", StringComparison.Ordinal)) continue;
            var plain = oldKey.Decrypt(cipher, source.Id);
            await store.UpdateDataSourceAsync(source with { PasswordCipher = newKey.Encrypt(plain, source.Id), UpdatedAt = clock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            rotated++;
        }
        var keys = 0;
        if (store is IDataProtectionKeyStore keyStore)
        {
            foreach (var key in await keyStore.ListDataProtectionKeysAsync(cancellationToken).ConfigureAwait(false))
            {
                string? xml;
                try
                {
                    xml = DashboardKeyCipher.Rotate(key.Xml, oldKey, newKey);
                }
                catch (System.Security.Cryptography.CryptographicException e)
                {
                    throw new ObscuraConfigException(e.Message, e);
                }
                if (xml is null) continue;
                await keyStore.UpdateDataProtectionKeyAsync(key.Name, xml, cancellationToken).ConfigureAwait(false);
                keys++;
            }
        }
        return (rotated, keys);
    }
}
