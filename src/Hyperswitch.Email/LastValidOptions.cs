using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email;

/// <summary>
/// Reads options through <see cref="IOptionsMonitor{TOptions}"/> so that a change applies to the next use, but keeps the
/// last valid options when an edit is invalid: the edit is refused (reported once to a callback, usually a log) and the
/// provider goes on with the options it had. Without valid options yet, the validation error propagates.
/// </summary>
/// <typeparam name="TOptions">The options type, validated by its <see cref="IValidateOptions{TOptions}"/>.</typeparam>
/// <param name="monitor">The monitor whose <see cref="IOptionsMonitor{TOptions}.CurrentValue"/> is read at each use.</param>
/// <param name="onRefused">Called once per distinct refusal with the validation exception; it must not throw.</param>
/// <exception cref="ArgumentNullException"><paramref name="monitor"/> or <paramref name="onRefused"/> is <see langword="null"/>.</exception>
/// <remarks>
/// How every provider of the library reads its options; a provider in another package uses it the same way. Thread-safe;
/// reading it costs one monitor read and, while the options stay the same, no write.
/// </remarks>
public sealed class LastValidOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IOptionsMonitor<TOptions> monitor, Action<Exception> onRefused)
    where TOptions : class
{
    private readonly IOptionsMonitor<TOptions> _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
    private readonly Action<Exception> _onRefused = onRefused ?? throw new ArgumentNullException(nameof(onRefused));
    private volatile TOptions? _last;
    private volatile string? _lastRefusal;

    /// <summary>Gets the current options when they are valid, otherwise the last valid ones.</summary>
    /// <exception cref="OptionsValidationException">The options have never been valid.</exception>
    public TOptions Current
    {
        get
        {
            try
            {
                var current = _monitor.CurrentValue;

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
                    _onRefused(exception);
                }

                return last;
            }
        }
    }
}
