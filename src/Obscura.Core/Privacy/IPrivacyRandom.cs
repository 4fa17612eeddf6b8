namespace Obscura.Core.Privacy;

/// <summary>
/// The randomness every privacy mechanism draws from: uniform 64-bit words. Releases use
/// <see cref="CryptoPrivacyRandom"/>; <see cref="DeterministicTestRandom"/> exists only so tests are reproducible.
/// </summary>
/// <remarks>
/// Mechanisms turn these words into exact integers and Bernoulli trials (never into floating-point noise), so the
/// only property a source needs is that its words are uniform and unpredictable.
/// </remarks>
public interface IPrivacyRandom
{
    /// <summary>Returns 64 uniformly random bits.</summary>
    ulong NextUInt64();
}
