using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// Reads options through <see cref="IOptionsMonitor{TOptions}"/> so that a change applies to the next
/// use, but keeps the last valid options when an edit is invalid: the edit is refused (reported once) and the
/// dispatcher goes on as before. Without valid options yet, the error propagates.
/// </summary>
/// <remarks>
/// The outbox's own copy of the core's holder of the same name: a shipping package reads no other package's internals,
/// so that a newer core cannot break it at run time.
/// </remarks>
internal sealed class LastValidOptions<TOptions>(IOptionsMonitor<TOptions> monitor, Action<Exception> onRefused)
    where TOptions : class
{
    private volatile TOptions? _last;
    private volatile string? _lastRefusal;

    public TOptions Current
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
