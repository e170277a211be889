using System.Diagnostics;

namespace Hyperswitch.Email.TestSupport;

/// <summary>Polls a condition that another thread or process makes true (a socket closing, a message stored), with a deadline.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds or the timeout passes; returns whether it held, so the caller's assertion reports what was not reached.</summary>
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout);

    /// <inheritdoc cref="TrueAsync(Func{bool}, TimeSpan?)"/>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
