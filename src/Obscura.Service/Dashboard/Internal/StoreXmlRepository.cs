using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// The data-protection key ring in the service store, so every <c>obscura serve</c> process on one store reads the
/// cookies and antiforgery tokens the others issue. Data protection calls it synchronously and rarely (start-up, key
/// creation, a refresh about once a day).
/// </summary>
internal sealed class StoreXmlRepository(IDataProtectionKeyStore store, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListDataProtectionKeysAsync(CancellationToken.None).GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) ? "key-" + Guid.NewGuid().ToString("D") : friendlyName;
        store.AddDataProtectionKeyAsync(name, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
    }
}
