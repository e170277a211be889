using System.Net.Sockets;
using MimeKit;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.Smtp;

/// <content>One delivery: a fresh connection per message, as Hyperswitch does.</content>
public sealed partial class SmtpServer
{
    private async Task DeliverAsync(MimeMessage message, SmtpSettings settings, CancellationToken cancellationToken)
    {
        using var client = new MailKitSmtpClient
        {
            // MailKit applies this to every read and write, so it bounds each command's reply, not the whole send.
            Timeout = (int)settings.Timeout.TotalMilliseconds,
        };
        if (settings.CertificateValidation is { } validation)
        {
            client.ServerCertificateValidationCallback = validation;
        }

        var stage = SmtpStage.Connect;
        try
        {
            var socket = await ConnectSocketAsync(settings, cancellationToken).ConfigureAwait(false);
            stage = SmtpStage.Greeting;
            try
            {
                await client.ConnectAsync(socket, settings.Host, settings.Port, settings.SocketOptions, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            if (settings.UserName is { } userName && settings.Password is { } password)
            {
                stage = SmtpStage.Authenticate;
                await client.AuthenticateAsync(userName, password.Expose(), cancellationToken).ConfigureAwait(false);
            }

            stage = SmtpStage.Send;
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && SmtpFailure.TryMap(exception, stage, settings) is { } failure)
        {
            throw failure;
        }

        // The server has accepted the message: a failed QUIT must not turn a delivered message into an error
        // (a caller that retried would send it twice).
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
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
    private static async Task<Socket> ConnectSocketAsync(SmtpSettings settings, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {settings.Host}:{settings.Port} took longer than {settings.Timeout.TotalSeconds:0} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
