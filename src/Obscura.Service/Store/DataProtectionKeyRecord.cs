namespace Obscura.Service.Store;

/// <summary>One stored data-protection key: its name (<c>key-GUID</c>) and its XML.</summary>
public sealed record DataProtectionKeyRecord(string Name, string Xml);
