namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>The send hook: refuses sends to suppressed recipients on every provider and from the outbox, and records hard bounces.</summary>
internal sealed class SuppressionSendHook(SuppressionGuard guard) : IEmailSendHook
{
    public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken) =>
        guard.CheckSendingAsync(context.Email, cancellationToken);

    public ValueTask OnFailedAsync(EmailSendContext context, Exception exception, CancellationToken cancellationToken) =>
        guard.RecordRefusalAsync(context.Email, exception, cancellationToken);
}
