namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>Wakes this instance's dispatcher when this instance has saved an email, so it need not wait for the next poll.</summary>
internal sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Wakes the dispatcher if it waits; a wake-up with nobody waiting is kept for the next wait (at most one).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another thread woke it first.
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>, whichever comes first; <see langword="true"/> for a wake-up.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
