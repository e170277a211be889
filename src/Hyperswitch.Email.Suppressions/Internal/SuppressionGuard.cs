using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>
/// Refuses mail to suppressed recipients, for the send hook and for the composer the outbox enqueues with; adds a
/// hard-bounce entry for a permanent recipient refusal.
/// </summary>
/// <remarks>
/// A message with several recipients of which one is suppressed is refused as a whole (nothing is sent to anyone):
/// the library cannot take one address out of a signed message's <c>To</c> header, and a partial send would be
/// reported as a success. Send such mail one recipient per message.
/// </remarks>
internal sealed partial class SuppressionGuard
{
    // Emails the composer checked a moment ago: the send hook does not query again for the same object.
    private readonly ConditionalWeakTable<PreparedEmail, object> _checked = [];
    private readonly IEmailSuppressionList _list;
    private readonly IOptionsMonitor<EmailSuppressionOptions> _options;
    private readonly SuppressionTelemetry _telemetry;
    private readonly ILogger _logger;

    public SuppressionGuard(IEmailSuppressionList list, IOptionsMonitor<EmailSuppressionOptions> options, SuppressionTelemetry telemetry, ILogger<SuppressionGuard>? logger = null)
    {
        _list = list;
        _options = options;
        _telemetry = telemetry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Checks a composed message (at enqueue, or before a direct send); its stream is the header of <paramref name="message"/>.</summary>
    public async ValueTask CheckComposedAsync(EmailMessage message, PreparedEmail email, CancellationToken cancellationToken)
    {
        message.Headers.TryGetValue(EmailStreams.HeaderName, out var stream);
        await CheckAsync(email, StreamOrNull(stream), cancellationToken).ConfigureAwait(false);
        _checked.AddOrUpdate(email, email);
    }

    /// <summary>Checks a message about to be sent, unless the composer just did.</summary>
    public ValueTask CheckSendingAsync(PreparedEmail email, CancellationToken cancellationToken) =>
        _checked.TryGetValue(email, out _) ? ValueTask.CompletedTask : CheckAsync(email, StreamOf(email), cancellationToken);

    /// <summary>Adds a hard-bounce entry when <paramref name="exception"/> is a permanent refusal of a recipient with a hard-bounce code.</summary>
    public async ValueTask RecordRefusalAsync(PreparedEmail email, Exception exception, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (options.SuppressOnRecipientRefusal
            && exception is EmailSendException { Failure: EmailSendFailure.RecipientRejected, IsTransient: false, Mailbox: { } mailbox } refusal
            && options.IsHardBounce(refusal.ProviderErrorCode))
        {
            await _list.AddAsync(mailbox, EmailSuppressionReason.HardBounce, source: $"{refusal.Provider ?? "send"} {refusal.ProviderErrorCode}", messageId: email.MessageId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask CheckAsync(PreparedEmail email, string? stream, CancellationToken cancellationToken)
    {
        var entries = await _list.FindAsync(email.Recipients, stream, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return;
        }

        var suppressed = entries.Select(e => e.Address).Distinct(StringComparer.Ordinal).ToArray();
        var first = entries[0];
        var masked = EmailAddressNormalizer.Mask(first.Address);
        _telemetry.Refused();
        LogRefused(email.MessageId, masked, suppressed.Length, email.Recipients.Count, first.Reason, first.Stream);
        throw new EmailSendException(
            EmailSendFailure.Suppressed,
            isTransient: false,
            $"{suppressed.Length} of {email.Recipients.Count} recipients are on the suppression list ({masked}: {first.Reason}, {(first.Stream == EmailSuppression.AllStreams ? "all mail" : "stream " + first.Stream)}); nothing was sent.")
        {
            Mailbox = first.Address,
            ProviderErrorCode = first.Reason.ToString(),
        };
    }

    /// <summary>The stream of a prepared message: its <c>X-Email-Stream</c> header, read from the stored bytes.</summary>
    internal static string? StreamOf(PreparedEmail email)
    {
        var content = MemoryMarshal.TryGetArray(email.Content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(email.Content.ToArray(), writable: false);
        using (content)
        {
            try
            {
                var headers = HeaderList.Load(content);
                return StreamOrNull(headers[EmailStreams.HeaderName]);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    private static string? StreamOrNull(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return EmailStreams.Validate(value);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 203, EventName = "EmailSuppressed", Level = LogLevel.Warning,
        Message = "Email {MessageId} was not sent: {Address} ({SuppressedCount} of {RecipientCount} recipients) is suppressed ({Reason}, stream {Stream})")]
    private partial void LogRefused(string messageId, string address, int suppressedCount, int recipientCount, EmailSuppressionReason reason, string stream);
}
