using System.Net.Sockets;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Smtp;
using Hyperswitch.Email.Suppressions.Internal;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>The <see cref="IEmailBounceProcessor"/> on <typeparamref name="TContext"/>: MailKit's <see cref="ImapClient"/>, one connection per read.</summary>
internal sealed partial class EmailBounceProcessor<TContext> : IEmailBounceProcessor, IDisposable
    where TContext : DbContext
{
    private readonly IOptionsMonitor<EmailBounceMailboxOptions> _mailbox;
    private readonly IOptionsMonitor<EmailSuppressionOptions> _suppressions;
    private readonly IEmailSuppressionList _list;
    private readonly IServiceScopeFactory _scopes;
    private readonly SuppressionTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public EmailBounceProcessor(
        IOptionsMonitor<EmailBounceMailboxOptions> mailbox,
        IOptionsMonitor<EmailSuppressionOptions> suppressions,
        IEmailSuppressionList list,
        IServiceScopeFactory scopes,
        SuppressionTelemetry telemetry,
        ILogger<EmailBounceProcessor<TContext>>? logger = null)
    {
        _mailbox = mailbox;
        _suppressions = suppressions;
        _list = list;
        _scopes = scopes;
        _telemetry = telemetry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<EmailBounceProcessingResult> ProcessAsync(CancellationToken cancellationToken = default)
    {
        var options = _mailbox.CurrentValue;
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await ReadAsync(options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailBounceMailboxException($"The bounce mailbox {options.Host}:{options.Port} was not read within EmailBounces:Timeout ({options.Timeout}).");
        }
        catch (Exception exception) when (exception is IOException or SocketException or ImapProtocolException or ImapCommandException or AuthenticationException or SslHandshakeException or ProtocolException)
        {
            // MailKit's message may quote the server; it never carries the credentials, which are only sent, never echoed.
            throw new EmailBounceMailboxException($"The bounce mailbox {options.Host}:{options.Port} could not be read: {exception.GetType().Name}.", exception);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<EmailBounceProcessingResult> ReadAsync(EmailBounceMailboxOptions options, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { Timeout = (int)Math.Min(options.Timeout.TotalMilliseconds, int.MaxValue) };
        var security = options.Connection switch
        {
            SmtpConnectionMode.Tls => SecureSocketOptions.SslOnConnect,
            SmtpConnectionMode.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(options.Host, options.Port, security, cancellationToken).ConfigureAwait(false);
        await client.AuthenticateAsync(options.Username!.Expose(), options.Password!.Expose(), cancellationToken).ConfigureAwait(false);
        var folder = await client.GetFolderAsync(options.Folder, cancellationToken).ConfigureAwait(false);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, cancellationToken).ConfigureAwait(false);
        var batch = unseen.Take(options.BatchSize).ToList();
        int processed = 0, hard = 0, transient = 0, complaints = 0;
        if (batch.Count > 0)
        {
            var sizes = await folder.FetchAsync(batch, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken).ConfigureAwait(false);
            foreach (var summary in sizes)
            {
                if (summary.Size is { } size && size <= (uint)options.MaxMessageSize)
                {
                    using var message = await folder.GetMessageAsync(summary.UniqueId, cancellationToken).ConfigureAwait(false);
                    var report = BounceReport.Parse(message);
                    var (h, t, c) = await ApplyAsync(report, cancellationToken).ConfigureAwait(false);
                    hard += h;
                    transient += t;
                    complaints += c;
                }
                else
                {
                    LogTooLarge(summary.UniqueId.Id, summary.Size ?? 0);
                }

                // Flagged once acted on: a crash before this line reads the message again, which adds nothing new.
                await folder.AddFlagsAsync(summary.UniqueId, MessageFlags.Seen, silent: true, cancellationToken).ConfigureAwait(false);
                processed++;
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        var result = new EmailBounceProcessingResult(processed, hard, transient, complaints);
        if (processed > 0)
        {
            LogProcessed(processed, hard, transient, complaints);
        }

        return result;
    }

    private async Task<(int Hard, int Transient, int Complaints)> ApplyAsync(BounceReport report, CancellationToken cancellationToken)
    {
        var options = _suppressions.CurrentValue;
        int hard = 0, transient = 0, complaints = 0;
        if (report.Kind == "dsn")
        {
            foreach (var (address, status, failed) in report.Recipients)
            {
                if (status.StartsWith('4'))
                {
                    transient++;
                    _telemetry.Processed("transient");
                }
                else if (failed && status.StartsWith('5') && options.IsHardBounce(status))
                {
                    hard++;
                    _telemetry.Processed("hard");
                    await SuppressAsync(address, EmailSuppressionReason.HardBounce, null, $"dsn {status}", report.OriginalMessageId, $"Bounced after sending: DSN {status}", status, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    _telemetry.Processed("other");
                }
            }
        }
        else if (report.Kind == "arf")
        {
            complaints++;
            _telemetry.Processed("complaint");
            var stream = report.OriginalStream is { Length: > 0 } named && EmailStreamsTry(named) is { } valid ? valid : null;
            foreach (var (address, _, _) in report.Recipients)
            {
                await SuppressAsync(address, EmailSuppressionReason.Complaint, stream, $"arf {report.FeedbackType ?? "abuse"}", report.OriginalMessageId, $"Complaint after sending: {report.FeedbackType ?? "abuse"}", "complaint", cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            _telemetry.Processed("other");
        }

        return (hard, transient, complaints);
    }

    private async Task SuppressAsync(string address, EmailSuppressionReason reason, string? stream, string source, string? messageId, string error, string code, CancellationToken cancellationToken)
    {
        if (!EmailAddressNormalizer.TryNormalize(address, out var normalized))
        {
            return;
        }

        await _list.AddAsync(normalized, reason, stream, source, messageId, cancellationToken).ConfigureAwait(false);
        if (messageId is not null)
        {
            await MarkOutboxRowAsync(messageId, error, code, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records the bounce on the outbox row of the reported email, if the outbox is in the model and has it; its status stays (it was sent).</summary>
    private async Task MarkOutboxRowAsync(string messageId, string error, string code, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            if (context.Model.FindEntityType(typeof(EmailOutboxMessage)) is null)
            {
                return;
            }

            var rows = await context.Set<EmailOutboxMessage>().Where(m => m.MessageId == messageId).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var entry = context.Entry(row);
                entry.Property(nameof(EmailOutboxMessage.LastError)).CurrentValue = error;
                entry.Property(nameof(EmailOutboxMessage.LastErrorCode)).CurrentValue = code;
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? EmailStreamsTry(string stream)
    {
        try
        {
            return EmailStreams.Validate(stream);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 211, EventName = "EmailBouncesProcessed", Level = LogLevel.Information,
        Message = "Read {Processed} messages from the bounce mailbox: {HardBounces} hard bounces, {TransientBounces} transient, {Complaints} complaints")]
    private partial void LogProcessed(int processed, int hardBounces, int transientBounces, int complaints);

    [LoggerMessage(EventId = 212, EventName = "EmailBounceTooLarge", Level = LogLevel.Warning,
        Message = "Message {Uid} of the bounce mailbox ({Size} bytes) is over EmailBounces:MaxMessageSize; marked processed without reading it")]
    private partial void LogTooLarge(uint uid, uint size);
}
