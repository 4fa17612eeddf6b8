using System.Security.Cryptography;
using System.Xml.Linq;
using Obscura.Core.Diagnostics;

namespace Obscura.Service.Security;

/// <summary>
/// Encrypts the dashboard's data-protection keys at rest under the master key: the key's secret element becomes
/// <c>&lt;obscuraEncryptedKey masterKey="KEYID"&gt;v1:KEYID:...&lt;/obscuraEncryptedKey&gt;</c> (AES-256-GCM, as data-source
/// passwords), so the store holds no key material in clear. One place for the format: the data-protection encryptor and
/// decryptor and <c>obscura keys rotate</c> all use it.
/// </summary>
internal static class DashboardKeyCipher
{
    /// <summary>The element that holds an encrypted secret.</summary>
    public const string ElementName = "obscuraEncryptedKey";
    private const string KeyIdAttribute = "masterKey";
    // Binds a ciphertext to its use: a data-source password's ciphertext pasted here does not decrypt.
    private const string AssociatedData = "obscura:dashboard-data-protection-key";

    public static XElement Encrypt(MasterKey key, XElement secret) =>
        new(ElementName, new XAttribute(KeyIdAttribute, key.KeyId), key.Encrypt(secret.ToString(SaveOptions.DisableFormatting), AssociatedData));

    /// <exception cref="CryptographicException">It was encrypted under another master key, or altered.</exception>
    public static XElement Decrypt(MasterKey key, XElement encrypted)
    {
        try
        {
            return XElement.Parse(key.Decrypt(encrypted.Value, AssociatedData));
        }
        catch (ObscuraConfigException e)
        {
            throw new CryptographicException($"a dashboard data-protection key does not decrypt under master key {key.KeyId} " +
                $"(it needs key {encrypted.Attribute(KeyIdAttribute)?.Value ?? "?"}; after `obscura keys rotate`, start the service with the new key)", e);
        }
    }

    /// <summary>Re-encrypts every secret in <paramref name="keyXml"/> not yet under <paramref name="newKey"/>; null when none needed it.</summary>
    public static string? Rotate(string keyXml, MasterKey oldKey, MasterKey newKey)
    {
        var root = XElement.Parse(keyXml);
        var changed = false;
        foreach (var element in root.DescendantsAndSelf(ElementName).ToList())
        {
            if (element.Attribute(KeyIdAttribute)?.Value == newKey.KeyId) continue;
            element.ReplaceWith(Encrypt(newKey, Decrypt(oldKey, element)));
            changed = true;
        }
        return changed ? root.ToString(SaveOptions.DisableFormatting) : null;
    }
}
