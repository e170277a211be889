using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// The <see cref="MessageComposer"/> for the current options: rebuilt only when the options change, and built from
/// the last valid options when an edit is invalid (see <see cref="LastValidOptions{TOptions}"/>).
/// </summary>
internal sealed class CurrentComposer(IOptionsMonitor<EmailOptions> monitor, Action<Exception> onRefused)
{
    private readonly LastValidOptions<EmailOptions> _options = new(monitor, onRefused);
    private volatile MessageComposer? _composer;

    /// <summary>Returns the composer for the current options.</summary>
    public MessageComposer Get()
    {
        var options = _options.Current;
        var composer = _composer;
        if (composer is null || !ReferenceEquals(composer.Options, options))
        {
            composer = new MessageComposer(options);
            _composer = composer;
        }

        return composer;
    }
}
