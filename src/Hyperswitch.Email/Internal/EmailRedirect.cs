using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// The staging redirect (<c>Email:Redirect</c>) as a send hook: the pipeline runs it after every hook of the
/// application's, so that no hook adds a recipient after it. Recipients not allowed are replaced by
/// <see cref="EmailRedirectOptions.To"/>; the original <c>To</c> and <c>Cc</c> go into <c>X-Original-To</c> and
/// <c>X-Original-Cc</c>, which an application cannot set itself (they are routing headers), only this hook.
/// </summary>
internal sealed class EmailRedirect(IOptionsMonitor<EmailOptions> monitor) : IEmailSendHook
{
    // An invalid reloaded edit is reported by the composer, which reads the same options.
    private readonly LastValidOptions<EmailOptions> _options = new(monitor, static _ => { });

    public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
    {
        if (_options.Current.Redirect is { To: { } to } redirect && !context.Email.Recipients.All(r => IsAllowed(r, redirect)))
        {
            context.Edit(message => Redirect(message, to.Trim(), redirect));
        }

        return ValueTask.CompletedTask;
    }

    private static void Redirect(MimeMessage message, string to, EmailRedirectOptions redirect)
    {
        var originalTo = message.To.ToString();
        var originalCc = message.Cc.ToString();
        var keptTo = Allowed(message.To, redirect);
        var keptCc = Allowed(message.Cc, redirect);
        var keptBcc = Allowed(message.Bcc, redirect);

        message.To.Clear();
        message.To.AddRange(keptTo);
        if (!keptTo.Concat(keptCc).Concat(keptBcc).Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Cc.Clear();
        message.Cc.AddRange(keptCc);
        message.Bcc.Clear();
        message.Bcc.AddRange(keptBcc);
        if (originalTo.Length > 0)
        {
            message.Headers.Add("X-Original-To", originalTo);
        }

        if (originalCc.Length > 0)
        {
            message.Headers.Add("X-Original-Cc", originalCc);
        }

        if (redirect.SubjectPrefix.Length > 0 && !(message.Subject ?? string.Empty).StartsWith(redirect.SubjectPrefix, StringComparison.Ordinal))
        {
            message.Subject = redirect.SubjectPrefix + message.Subject;
        }
    }

    private static List<MailboxAddress> Allowed(InternetAddressList list, EmailRedirectOptions redirect) =>
        list.Mailboxes.Where(m => IsAllowed(m.Address, redirect)).ToList();

    private static bool IsAllowed(string address, EmailRedirectOptions redirect)
    {
        var at = address.LastIndexOf('@');
        var domain = at >= 0 ? address[at..] : null;
        return redirect.Allow.Any(entry =>
            string.Equals(entry.Trim(), address, StringComparison.OrdinalIgnoreCase)
            || (domain is not null && string.Equals(entry.Trim(), domain, StringComparison.OrdinalIgnoreCase)));
    }
}
