using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.IO;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.Smtp;

/// <content>Delivery: a fresh connection per attempt, as Hyperswitch does; retries and failover around it.</content>
public sealed partial class SmtpServer
{
    /// <summary>How long to wait for the reply to QUIT once the message was accepted.</summary>
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The password mechanisms to use, best first; the first one the server offers is the only one tried.</summary>
    private static readonly string[] PasswordMechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN", "CRAM-MD5"];

    /// <summary>The format MailKit writes messages in over SMTP: CRLF line endings.</summary>
    private static readonly FormatOptions SmtpFormat = CreateSmtpFormat();
    /// <summary>Delivers through the primary server, then the failover if the primary's failure allows it, retrying as configured.</summary>
    private Task DeliverAsync(MimeMessage message, SmtpSettings settings, CancellationToken cancellationToken) =>
        settings.Retry.ExecuteAsync(
            static async (state, token) =>
            {
                var (server, message, settings) = state;
                try
                {
                    await server.DeliverOnceAsync(message, settings.Primary, token).ConfigureAwait(false);
                }
                catch (EmailSendException failure) when (settings.Failover is not null && ShouldFailOver(failure))
                {
                    server.LogFailingOver(failure, settings.Primary.ToString(), settings.Failover.ToString(), failure.Failure);
                    await server.DeliverOnceAsync(message, settings.Failover, token).ConfigureAwait(false);
                }
            },
            (this, message, settings),
            cancellationToken).AsTask();

    /// <summary>The secondary takes over when the primary failed as a server, before it could have accepted the message.</summary>
    private static bool ShouldFailOver(EmailSendException failure) =>
        !failure.MayHaveBeenDelivered
        && (failure.IsTransient || failure.Failure is EmailSendFailure.Connect or EmailSendFailure.Timeout or EmailSendFailure.Tls or EmailSendFailure.Authentication or EmailSendFailure.Protocol);

    /// <summary>One attempt on one server: connect, greeting, TLS, optional AUTH, MAIL, RCPT, DATA, QUIT.</summary>
    private async Task DeliverOnceAsync(MimeMessage message, SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var stages = new SmtpStageTracker();
        var certificate = new CertificateCheck(endpoint);
        using var client = new MailKitSmtpClient(stages)
        {
            // MailKit applies this to every read and write, so it bounds each reply, not the whole send.
            Timeout = (int)endpoint.Timeout.TotalMilliseconds,
            ServerCertificateValidationCallback = certificate.Validate,
        };

        var connected = false;
        try
        {
            var socket = await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false);
            connected = true;
            try
            {
                // MailKit's Timeout bounds each read and write, but not an implicit-TLS handshake nor a certificate
                // revocation check: bound the whole connection phase (greeting, EHLO, TLS) as well.
                using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connectDeadline.CancelAfter(endpoint.Timeout * 2);
                await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, endpoint.SocketOptions, connectDeadline.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            if (endpoint.UserName is { } userName && endpoint.Password is { } password)
            {
                // One attempt with one mechanism: MailKit would otherwise try each advertised mechanism in turn, and
                // a wrong password would count as several failed logins (and trip account lockouts).
                KeepOnePasswordMechanism(client.AuthenticationMechanisms);
                await client.AuthenticateAsync(userName, password.Expose(), cancellationToken).ConfigureAwait(false);
            }

            EnsureInternationalAddressesCanBeSent(message, client, endpoint);
            EnsureWithinAdvertisedSize(message, client, endpoint);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && SmtpFailure.TryMap(exception, connected ? stages.Stage : SmtpStage.Connect, stages.LastReplyCode, endpoint, certificate.RefusalReason) is { } failure)
        {
            throw failure;
        }

        // The server has accepted the message: a failed QUIT must not turn a delivered message into an error
        // (a caller that retried would send it twice).
        try
        {
            // A server that never answers QUIT must not delay a delivered message by a whole timeout.
            using var quitDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quitDeadline.CancelAfter(endpoint.Timeout < QuitTimeout ? endpoint.Timeout : QuitTimeout);
            await client.DisconnectAsync(quit: true, quitDeadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogQuitFailed(exception);
        }
    }

    /// <summary>
    /// Connects a socket with Nagle's algorithm off: MailKit leaves it on, and with delayed ACKs every message then
    /// stalls about 40 ms. The connect is bounded by the timeout.
    /// </summary>
    internal static async Task<Socket> ConnectSocketAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {endpoint} took longer than {endpoint.Timeout.TotalSeconds:0} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses, before <c>MAIL FROM</c>, a message larger than the server's advertised <c>SIZE</c>: the server would
    /// only refuse it after receiving all of it.
    /// </summary>
    private static void EnsureWithinAdvertisedSize(MimeMessage message, MailKitSmtpClient client, SmtpEndpoint endpoint)
    {
        if (client.MaxSize == 0)
        {
            return;
        }

        // The same preparation MailKit applies before sending, so the measured size is the size sent.
        message.Prepare(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime) ? EncodingConstraint.EightBit : EncodingConstraint.SevenBit);
        using var measure = new MeasuringStream();
        message.WriteTo(SmtpFormat, measure);
        if (measure.Length > (long)client.MaxSize)
        {
            throw new EmailSendException(
                EmailSendFailure.MessageRejected,
                isTransient: false,
                $"The message is {measure.Length} bytes, over the {client.MaxSize} bytes that the SMTP server {endpoint} accepts (SIZE); nothing was sent.",
                smtpStatusCode: 552);
        }
    }

    /// <summary>
    /// A non-ASCII local part (<c>jöhn@example.com</c>) can only be sent to a server that offers SMTPUTF8; refuse it
    /// before <c>MAIL FROM</c> rather than let the server mangle or bounce it. International domains need no
    /// extension: MailKit sends them in their ASCII (punycode) form.
    /// </summary>
    private static void EnsureInternationalAddressesCanBeSent(MimeMessage message, MailKitSmtpClient client, SmtpEndpoint endpoint)
    {
        if (client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            return;
        }

        foreach (var (mailbox, field) in message.From.Mailboxes.Select(m => (m, "From")).Concat(message.GetRecipients().Select(m => (m, "a recipient"))))
        {
            if (!Ascii.IsValid(mailbox.LocalPart))
            {
                throw new EmailSendException(
                    field == "From" ? EmailSendFailure.SenderRejected : EmailSendFailure.RecipientRejected,
                    isTransient: false,
                    $"The address of {field} has a non-ASCII local part, which needs the SMTPUTF8 extension, and the SMTP server {endpoint} does not offer it; nothing was sent.")
                {
                    Mailbox = mailbox.Address,
                };
            }
        }
    }

    private static FormatOptions CreateSmtpFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void KeepOnePasswordMechanism(HashSet<string> offered)
    {
        var chosen = PasswordMechanisms.FirstOrDefault(offered.Contains);
        if (chosen is not null)
        {
            offered.RemoveWhere(mechanism => mechanism != chosen);
        }
    }
}
