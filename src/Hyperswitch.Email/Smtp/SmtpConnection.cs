using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Internal;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// One open, greeted, secured and authenticated SMTP connection, on which messages are sent; every failure comes out
/// as an <see cref="EmailSendException"/> that knows the stage it happened at.
/// </summary>
internal sealed class SmtpConnection : IDisposable
{
    /// <summary>How long to wait for the reply to QUIT once the message was accepted.</summary>
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The password mechanisms to use, best first; the first one the server offers is the only one tried.</summary>
    private static readonly string[] PasswordMechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN", "CRAM-MD5"];

    private readonly MailKitSmtpClient _client;
    private readonly SmtpStageTracker _stages;

    private SmtpConnection(SmtpEndpoint endpoint, MailKitSmtpClient client, SmtpStageTracker stages)
    {
        Endpoint = endpoint;
        _client = client;
        _stages = stages;
        LastUsed = Stopwatch.GetTimestamp();
    }

    public SmtpEndpoint Endpoint { get; }

    /// <summary>Gets how many messages the server accepted on this connection.</summary>
    public int MessagesSent { get; private set; }

    /// <summary>Gets when the connection was last used, as a <see cref="Stopwatch"/> timestamp.</summary>
    public long LastUsed { get; private set; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (socket with Nagle off), reads the greeting, secures the connection as configured and authenticates.</summary>
    /// <exception cref="EmailSendException">Any of it failed.</exception>
    public static async Task<SmtpConnection> OpenAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var stages = new SmtpStageTracker();
        var certificate = new CertificateCheck(endpoint);
        var client = new MailKitSmtpClient(stages)
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
                EmailTelemetry.Stage(client.IsSecure ? "connected (tls)" : "connected");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await AuthenticateAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
            if (client.IsAuthenticated)
            {
                EmailTelemetry.Stage("authenticated");
            }

            return new SmtpConnection(endpoint, client, stages);
        }
        catch (Exception exception) when (Map(exception, connected ? stages : null, endpoint, certificate.RefusalReason, cancellationToken) is { } failure)
        {
            client.Dispose();
            throw failure;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task AuthenticateAsync(MailKitSmtpClient client, SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        switch (endpoint.Authentication)
        {
            case SmtpAuthentication.Password when endpoint.UserName is { } userName && endpoint.Password is { } password:
                // One attempt with one mechanism: MailKit would otherwise try each advertised mechanism in turn, and
                // a wrong password would count as several failed logins (and trip account lockouts).
                KeepOnePasswordMechanism(client.AuthenticationMechanisms);
                await client.AuthenticateAsync(userName, password.Expose(), cancellationToken).ConfigureAwait(false);
                break;
            case SmtpAuthentication.OAuth2 when endpoint.UserName is { } userName && endpoint.AccessTokenSource is { } tokens:
                var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("XOAUTH2") || !client.AuthenticationMechanisms.Contains("OAUTHBEARER")
                    ? new SaslMechanismOAuth2(userName, token)
                    : new SaslMechanismOAuthBearer(userName, token);
                await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
                break;
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

    /// <summary>Sends one message: MAIL FROM, RCPT TO, DATA.</summary>
    /// <exception cref="EmailSendException">The server refused it, or the connection failed.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            EnsureInternationalAddressesCanBeSent(message);
            EnsureWithinAdvertisedSize(message);
            await _client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            EmailTelemetry.Stage("accepted");
            MessagesSent++;
            LastUsed = Stopwatch.GetTimestamp();
        }
        catch (Exception exception) when (Map(exception, _stages, Endpoint, certificateRefusal: null, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Checks that the server still answers, with NOOP.</summary>
    /// <exception cref="EmailSendException">It does not.</exception>
    public async Task NoOpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.NoOpAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Map(exception, _stages, Endpoint, certificateRefusal: null, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Says QUIT, waiting a short while for the reply; returns what went wrong, if anything, without throwing.</summary>
    public async Task<Exception?> QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A server that never answers QUIT must not delay a delivered message by a whole timeout.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Endpoint.Timeout < QuitTimeout ? Endpoint.Timeout : QuitTimeout);
            await _client.DisconnectAsync(quit: true, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return exception;
        }
    }

    public void Dispose() => _client.Dispose();

    private static EmailSendException? Map(Exception exception, SmtpStageTracker? stages, SmtpEndpoint endpoint, string? certificateRefusal, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? null
            : SmtpFailure.TryMap(exception, stages?.Stage ?? SmtpStage.Connect, stages?.LastReplyCode ?? 0, endpoint, certificateRefusal);

    /// <summary>
    /// Refuses, before <c>MAIL FROM</c>, a message larger than the server's advertised <c>SIZE</c>: the server would
    /// only refuse it after receiving all of it.
    /// </summary>
    private void EnsureWithinAdvertisedSize(MimeMessage message)
    {
        if (_client.MaxSize == 0 || SizeUpperBound(message) <= (long)_client.MaxSize)
        {
            // Most messages are far below the limit: a cheap bound spares serializing the message a second time.
            return;
        }

        // The same preparation MailKit applies before sending, so the measured size is the size sent.
        message.Prepare(_client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime) ? EncodingConstraint.EightBit : EncodingConstraint.SevenBit);
        var size = MessageSize.Measure(message);
        if (size > (long)_client.MaxSize)
        {
            throw new EmailSendException(
                EmailSendFailure.MessageRejected,
                isTransient: false,
                $"The message is {size} bytes, over the {_client.MaxSize} bytes that the SMTP server {Endpoint} accepts (SIZE); nothing was sent.",
                smtpStatusCode: 552);
        }
    }

    /// <summary>
    /// A bound that the message, however MailKit encodes it, cannot exceed: quoted-printable turns a byte into at most
    /// three characters plus soft line breaks, base64 into 4/3 plus line breaks; headers and boundaries get slack.
    /// <see cref="long.MaxValue"/> when a part's size is not known without reading it.
    /// </summary>
    private static long SizeUpperBound(MimeMessage message)
    {
        long bound = 4096;
        foreach (var header in message.Headers)
        {
            bound += header.Field.Length + header.RawValue.Length + 4;
        }

        foreach (var part in message.BodyParts)
        {
            if (part is not MimePart { Content.Stream: { CanSeek: true } stream })
            {
                return long.MaxValue;
            }

            bound += 1024 + (stream.Length * 16 / 5);
            foreach (var header in part.Headers)
            {
                bound += header.Field.Length + header.RawValue.Length + 4;
            }
        }

        return bound;
    }

    /// <summary>
    /// A non-ASCII local part (<c>jöhn@example.com</c>) can only be sent to a server that offers SMTPUTF8; refuse it
    /// before <c>MAIL FROM</c> rather than let the server mangle or bounce it. International domains need no
    /// extension: MailKit sends them in their ASCII (punycode) form.
    /// </summary>
    private void EnsureInternationalAddressesCanBeSent(MimeMessage message)
    {
        if (_client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            return;
        }

        foreach (var mailbox in message.From.Mailboxes)
        {
            EnsureAsciiLocalPart(mailbox, isSender: true);
        }

        foreach (var mailbox in message.GetRecipients())
        {
            EnsureAsciiLocalPart(mailbox, isSender: false);
        }
    }

    private void EnsureAsciiLocalPart(MailboxAddress mailbox, bool isSender)
    {
        if (!Ascii.IsValid(mailbox.LocalPart))
        {
            throw new EmailSendException(
                isSender ? EmailSendFailure.SenderRejected : EmailSendFailure.RecipientRejected,
                isTransient: false,
                $"The address of {(isSender ? "From" : "a recipient")} has a non-ASCII local part, which needs the SMTPUTF8 extension, and the SMTP server {Endpoint} does not offer it; nothing was sent.")
            {
                Mailbox = mailbox.Address,
            };
        }
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
