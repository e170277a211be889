using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>
/// A send hook: refuses any email to an address that bounced for good. It runs in the one send pipeline, so it sees the
/// emails the outbox dispatches as well as the ones Identity sends directly.
/// </summary>
internal sealed class SuppressionListHook : IEmailSendHook
{
    private static readonly HashSet<string> Bounced = new(StringComparer.OrdinalIgnoreCase) { "bounced@example.com" };

    public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken) =>
        context.Email.Recipients.Any(Bounced.Contains)
            ? throw new EmailSendException(EmailSendFailure.Suppressed, isTransient: false, "A recipient is on the suppression list; nothing was sent.")
            : ValueTask.CompletedTask;
}
