using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Obscura.Service.Security;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>Encrypts a new dashboard data-protection key's secret under the master key before it is stored.</summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        return new EncryptedXmlInfo(DashboardKeyCipher.Encrypt(key, plaintextElement), typeof(MasterKeyXmlDecryptor));
    }
}
