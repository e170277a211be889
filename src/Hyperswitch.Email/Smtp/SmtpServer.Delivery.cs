using MimeKit;

namespace Hyperswitch.Email.Smtp;

/// <content>Delivery: a fresh connection per attempt, as Hyperswitch does, or a pooled one; failover around it (retries are the pipeline's).</content>
public sealed partial class SmtpServer
{
    /// <summary>One attempt: on a pooled connection or a fresh one, then on the failover server if the primary's failure allows it.</summary>
    private async Task AttemptAsync(MimeMessage message, SmtpSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            if (settings.Pool is { } pool)
            {
                await pool.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeliverOnceAsync(message, settings.Primary, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EmailSendException failure) when (settings.Failover is not null && ShouldFailOver(failure))
        {
            LogFailingOver(failure, settings.Primary.ToString(), settings.Failover.ToString(), failure.Failure);
            await DeliverOnceAsync(message, settings.Failover, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The secondary takes over when the primary failed as a server, before it could have accepted the message.</summary>
    private static bool ShouldFailOver(EmailSendException failure) =>
        !failure.MayHaveBeenDelivered
        && (failure.IsTransient || failure.Failure is EmailSendFailure.Connect or EmailSendFailure.Timeout or EmailSendFailure.Tls or EmailSendFailure.Authentication or EmailSendFailure.Protocol);

    /// <summary>One attempt on a fresh connection: connect, greeting, TLS, optional AUTH, MAIL, RCPT, DATA, QUIT.</summary>
    private async Task DeliverOnceAsync(MimeMessage message, SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var connection = await SmtpConnection.OpenAsync(endpoint, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);

        // The server has accepted the message: a failed QUIT must not turn a delivered message into an error
        // (a caller that retried would send it twice).
        if (await connection.QuitAsync(cancellationToken).ConfigureAwait(false) is { } quitFailure)
        {
            LogQuitFailed(quitFailure);
        }
    }
}
