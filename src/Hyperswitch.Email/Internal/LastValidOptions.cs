using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Reads <see cref="EmailOptions"/> through <see cref="IOptionsMonitor{TOptions}"/> so that a change applies to the next
/// send, but keeps the last valid options when an edit is invalid: the edit is refused (reported once) and sending
/// goes on as before. Without valid options yet, the error propagates.
/// </summary>
internal sealed class LastValidOptions(IOptionsMonitor<EmailOptions> monitor, Action<Exception> onRefused)
{
    private volatile EmailOptions? _last;
    private volatile string? _lastRefusal;

    public EmailOptions Current
    {
        get
        {
            try
            {
                var current = monitor.CurrentValue;

                // Written only when they change: every send reads here, from every thread, and a write each time
                // would bounce the cache line between cores.
                if (!ReferenceEquals(_last, current))
                {
                    _last = current;
                }

                if (_lastRefusal is not null)
                {
                    _lastRefusal = null;
                }

                return current;
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException && _last is { } last)
            {
                if (exception.Message != _lastRefusal)
                {
                    _lastRefusal = exception.Message;
                    onRefused(exception);
                }

                return last;
            }
        }
    }
}
