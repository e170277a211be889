namespace Hyperswitch.Email.Smtp;

/// <content>A connection check, for health checks: what a send does, without sending.</content>
public sealed partial class SmtpServer
{
    /// <summary>
    /// Checks that the configured server can be used: connects, greets, secures the connection as configured,
    /// authenticates if configured, sends NOOP and QUIT, each within the timeout. Nothing is sent.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server answered every step.</returns>
    /// <exception cref="EmailSendException">A step failed; the exception says which, as for a send.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task CheckConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var endpoint = CurrentSettings().Primary;
        using var connection = await SmtpConnection.OpenAsync(endpoint, cancellationToken).ConfigureAwait(false);
        await connection.NoOpAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.QuitAsync(cancellationToken).ConfigureAwait(false) is { } quitFailure)
        {
            LogQuitFailed(quitFailure);
        }
    }
}
