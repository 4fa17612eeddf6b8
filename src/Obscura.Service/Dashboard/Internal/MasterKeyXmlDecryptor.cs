using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Security;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// Decrypts a stored dashboard data-protection key with the master key. Data protection creates it by type name from
/// the stored XML, with the service provider.
/// </summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetService<DashboardKeyProtection>()?.MasterKey
            ?? throw new CryptographicException("a dashboard data-protection key is encrypted under a master key, and none is configured: set OBSCURA_MASTER_KEY or --master-key-file");
        return DashboardKeyCipher.Decrypt(key, encryptedElement);
    }
}
