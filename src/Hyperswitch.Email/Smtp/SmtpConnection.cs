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
    private readonly ServerTextScrubber _scrubber;

    private SmtpConnection(SmtpEndpoint endpoint, MailKitSmtpClient client, SmtpStageTracker stages, ServerTextScrubber scrubber)
    {
        Endpoint = endpoint;
        _client = client;
        _stages = stages;
        _scrubber = scrubber;
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
        // The token first, so that the scrubber knows it before the server can echo it. The token source's own
        // failures are the application's and propagate as they are.
        var token = endpoint.Authentication == SmtpAuthentication.OAuth2 && endpoint.AccessTokenSource is { } tokens
            ? await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false)
            : null;
        var scrubber = ServerTextScrubber.For(endpoint, token);
        var stages = new SmtpStageTracker(endpoint.Timeout);
        var certificate = new CertificateCheck(endpoint);
        var client = new BoundedSmtpClient(stages, endpoint.Timeout)
        {
            // MailKit applies this to every read and write; the stage tracker bounds each whole reply as well.
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
                // Each reply is bounded by the tracker, but not an implicit-TLS handshake nor a certificate
                // revocation check: bound the whole connection phase (greeting, EHLO, TLS) as well.
                using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connectDeadline.CancelAfter(endpoint.Timeout * 2);
                using var watch = stages.Start(connectDeadline.Token);
                await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, endpoint.SocketOptions, watch.Token).ConfigureAwait(false);
                EmailTelemetry.Stage(client.IsSecure ? "connected (tls)" : "connected");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            using (var watch = stages.Start(cancellationToken))
            {
                await AuthenticateAsync(client, endpoint, token, watch.Token).ConfigureAwait(false);
            }

            if (client.IsAuthenticated)
            {
                EmailTelemetry.Stage("authenticated");
            }

            return new SmtpConnection(endpoint, client, stages, scrubber);
        }
        catch (Exception exception) when (Map(exception, connected ? stages : null, endpoint, certificate.RefusalReason, scrubber, cancellationToken) is { } failure)
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

    private static async Task AuthenticateAsync(MailKitSmtpClient client, SmtpEndpoint endpoint, string? token, CancellationToken cancellationToken)
    {
        switch (endpoint.Authentication)
        {
            case SmtpAuthentication.Password when endpoint.UserName is { } userName && endpoint.Password is { } password:
                // One attempt with one mechanism: MailKit would otherwise try each advertised mechanism in turn, and
                // a wrong password would count as several failed logins (and trip account lockouts).
                var chosen = PasswordMechanisms.FirstOrDefault(client.AuthenticationMechanisms.Contains)
                    ?? throw NoUsableMechanism(client, endpoint, string.Join(", ", PasswordMechanisms));
                client.AuthenticationMechanisms.RemoveWhere(mechanism => mechanism != chosen);
                SaslMechanism? scram = chosen switch
                {
                    "SCRAM-SHA-256" => new BoundedScramSha256(userName, password.Expose()),
                    "SCRAM-SHA-1" => new BoundedScramSha1(userName, password.Expose()),
                    _ => null,
                };
                await (scram is null
                    ? client.AuthenticateAsync(userName, password.Expose(), cancellationToken)
                    : client.AuthenticateAsync(scram, cancellationToken)).ConfigureAwait(false);
                break;
            case SmtpAuthentication.OAuth2 when endpoint.UserName is { } userName && token is not null:
                SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("XOAUTH2")
                    ? new SaslMechanismOAuth2(userName, token)
                    : client.AuthenticationMechanisms.Contains("OAUTHBEARER")
                        ? new SaslMechanismOAuthBearer(userName, token)
                        : throw NoUsableMechanism(client, endpoint, "XOAUTH2, OAUTHBEARER");
                await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The server (after STARTTLS, when it is used) offers no AUTH mechanism that the configured authentication can use.</summary>
    private static EmailSendException NoUsableMechanism(MailKitSmtpClient client, SmtpEndpoint endpoint, string usable)
    {
        // Mechanism names are the server's text: keep them short tokens of printable ASCII.
        var offered = client.AuthenticationMechanisms
            .Select(name => new string(name.Where(c => c is > ' ' and <= '~').Take(20).ToArray()))
            .Where(name => name.Length > 0)
            .Order(StringComparer.Ordinal)
            .Take(10)
            .ToList();
        var what = endpoint.Authentication == SmtpAuthentication.OAuth2 ? "Email:Smtp:Authentication \"OAuth2\"" : "Email:Smtp:Username and Email:Smtp:Password";
        var secured = client.IsSecure ? " (over TLS)" : string.Empty;
        return new EmailSendException(
            EmailSendFailure.Authentication,
            isTransient: false,
            $"The SMTP server {endpoint} offers {(offered.Count == 0 ? "no AUTH mechanism" : $"only the AUTH mechanisms {string.Join(", ", offered)}")}{secured}, and {what} needs one of {usable}; nothing was sent.")
        {
            Provider = SmtpFailure.ProviderName,
        };
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

    /// <summary>Sends one message: MAIL FROM, RCPT TO, DATA, with the envelope computed from From, To, Cc and Bcc only.</summary>
    /// <exception cref="EmailSendException">The server refused it, or the connection failed.</exception>
    /// <exception cref="EmailBuildException">The message has no From address or no recipient.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var envelope = SmtpEnvelope.Of(message);
        try
        {
            EnsureInternationalAddressesCanBeSent(envelope);
            var sizeBound = EnsureWithinAdvertisedSize(message);
            using (var watch = _stages.Start(cancellationToken, sizeBound))
            {
                await _client.SendAsync(message, envelope.Sender, envelope.Recipients, watch.Token).ConfigureAwait(false);
            }

            EmailTelemetry.Stage("accepted");
            MessagesSent++;
            LastUsed = Stopwatch.GetTimestamp();
        }
        catch (Exception exception) when (Map(exception, _stages, Endpoint, certificateRefusal: null, _scrubber, cancellationToken) is { } failure)
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
            using var watch = _stages.Start(cancellationToken);
            await _client.NoOpAsync(watch.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (Map(exception, _stages, Endpoint, certificateRefusal: null, _scrubber, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Says QUIT, waiting a short while for the reply; returns what went wrong, if anything, without throwing (retold
    /// without the server's text, like every failure).
    /// </summary>
    public async Task<Exception?> QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A server that never answers QUIT must not delay a delivered message by a whole timeout.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Endpoint.Timeout < QuitTimeout ? Endpoint.Timeout : QuitTimeout);
            using var watch = _stages.Start(deadline.Token);
            await _client.DisconnectAsync(quit: true, watch.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return _scrubber.Retell(exception);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The caller's cancellation propagates as an <see cref="OperationCanceledException"/> (whatever MailKit threw as
    /// the socket closed under it); anything else becomes an <see cref="EmailSendException"/>.
    /// </summary>
    private static Exception? Map(Exception exception, SmtpStageTracker? stages, SmtpEndpoint endpoint, string? certificateRefusal, ServerTextScrubber scrubber, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? exception is OperationCanceledException or OutOfMemoryException ? null : new OperationCanceledException("The send was canceled.", scrubber.Retell(exception), cancellationToken)
            : SmtpFailure.TryMap(exception, stages?.Stage ?? SmtpStage.Connect, stages?.LastReplyCode ?? 0, endpoint, certificateRefusal, stages?.ReplyTooLarge ?? false, scrubber);

    /// <summary>
    /// Refuses, before <c>MAIL FROM</c>, a message larger than the server's advertised <c>SIZE</c>: the server would
    /// only refuse it after receiving all of it.
    /// </summary>
    /// <returns>A bound on the message's size, which sets the time its content may take.</returns>
    private long EnsureWithinAdvertisedSize(MimeMessage message)
    {
        var bound = SizeUpperBound(message);
        if (_client.MaxSize == 0 || bound <= (long)_client.MaxSize)
        {
            // Most messages are far below the limit: a cheap bound spares serializing the message a second time.
            return bound;
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
                smtpStatusCode: 552)
            {
                Provider = SmtpFailure.ProviderName,
            };
        }

        return size;
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
    private void EnsureInternationalAddressesCanBeSent(SmtpEnvelope envelope)
    {
        if (_client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            return;
        }

        EnsureAsciiLocalPart(envelope.Sender, isSender: true);
        foreach (var mailbox in envelope.Recipients)
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
                Provider = SmtpFailure.ProviderName,
                Mailbox = mailbox.Address,
            };
        }
    }
}
