using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>Refuses mail to the reserved domains of RFC 2606 (.test, .invalid), which no mailbox can receive.</summary>
internal sealed class ReservedDomainHook : IEmailSendHook
{
    public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken) =>
        context.Email.Recipients.Any(r => r.EndsWith(".test", StringComparison.OrdinalIgnoreCase) || r.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase))
            ? throw new EmailSendException(EmailSendFailure.Suppressed, isTransient: false, "A recipient is in a reserved domain; nothing was sent.")
            : ValueTask.CompletedTask;
}
