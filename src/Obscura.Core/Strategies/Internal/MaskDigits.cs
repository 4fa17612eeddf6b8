namespace Obscura.Core.Strategies.Internal;

/// <summary>What <c>mask</c> does with digits.</summary>
internal enum MaskDigits
{
    /// <summary>Digits become the mask character.</summary>
    Mask,
    /// <summary>Digits become 0.</summary>
    KeepClass,
    /// <summary>Digits stay.</summary>
    Keep,
}
