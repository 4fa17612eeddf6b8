namespace Obscura.Service.Tests;

/// <summary>Waits for what the service does in the background (after the answer a test saw), failing after a bound.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{failure} (waited {timeout.TotalSeconds:0} s)");
            await Task.Delay(50);
        }
    }
}
