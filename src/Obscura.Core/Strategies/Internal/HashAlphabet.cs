namespace Obscura.Core.Strategies.Internal;

/// <summary>How <c>hash</c> renders text.</summary>
internal enum HashAlphabet
{
    /// <summary>0-9a-f: 4 bits a character, at most 32 characters.</summary>
    Hex,
    /// <summary>a-z2-7 (RFC 4648, lower case): 5 bits a character, at most 24 characters. Safe under case-insensitive collations.</summary>
    Base32,
    /// <summary>0-9A-Za-z: about 5.95 bits a character, at most 20 characters. Case matters.</summary>
    Base62,
}
