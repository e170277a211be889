namespace Hyperswitch.Email.Suppressions.AspNetCore;

/// <summary>
/// Makes one-click unsubscribe links (RFC 8058) with a signed, expiring token (ASP.NET Core Data Protection) that names
/// the recipient and the stream. Registered by <c>services.AddEmailUnsubscribe(configuration)</c>; thread-safe.
/// </summary>
public interface IEmailUnsubscribeLinks
{
    /// <summary>
    /// Puts <paramref name="message"/> in <paramref name="stream"/> and adds <c>List-Unsubscribe</c> (the https link, and
    /// the mailto address when <c>EmailUnsubscribe:MailtoAddress</c> is set) and <c>List-Unsubscribe-Post:
    /// List-Unsubscribe=One-Click</c> for its one recipient. The DKIM signature covers both headers by default.
    /// </summary>
    /// <param name="message">The message, with exactly one recipient (in <c>To</c>, no <c>Cc</c> or <c>Bcc</c>): the token names that address.</param>
    /// <param name="stream">The stream the recipient unsubscribes from, for example <c>newsletter</c>.</param>
    /// <returns>The https link, to show in the body as well.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message has not exactly one recipient, or <paramref name="stream"/> is not a stream name.</exception>
    Uri AddUnsubscribe(EmailMessage message, string stream);

    /// <summary>Makes the https unsubscribe link of <paramref name="address"/> for <paramref name="stream"/>.</summary>
    /// <param name="address">The recipient.</param>
    /// <param name="stream">The stream, for example <c>newsletter</c>.</param>
    /// <returns>The link, valid for <c>EmailUnsubscribe:TokenLifetime</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not an email address, or <paramref name="stream"/> is not a stream name.</exception>
    Uri CreateUrl(string address, string stream);
}
