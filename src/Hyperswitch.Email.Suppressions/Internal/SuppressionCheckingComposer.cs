namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>
/// The registered composer, then the suppression check: an enqueue (<c>db.AddEmailAsync</c>, <c>EnqueueAsync</c>) to a
/// suppressed address fails in the caller with <see cref="EmailSendFailure.Suppressed"/>, and nothing is queued.
/// </summary>
/// <remarks>
/// The check reads the database, so it completes asynchronously: the outbox's synchronous <c>db.AddEmail</c> refuses it
/// with <see cref="NotSupportedException"/> and names <c>AddEmailAsync</c>.
/// </remarks>
internal sealed class SuppressionCheckingComposer(IEmailComposer inner, SuppressionGuard guard) : IEmailComposer
{
    public async ValueTask<PreparedEmail> ComposeAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var email = await inner.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        await guard.CheckComposedAsync(message, email, cancellationToken).ConfigureAwait(false);
        return email;
    }
}
