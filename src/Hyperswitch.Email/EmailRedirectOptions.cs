namespace Hyperswitch.Email;

/// <summary>
/// The staging redirect (<c>Email:Redirect</c>): every email goes to <see cref="To"/> instead of its recipients, except
/// the recipients <see cref="Allow"/> lets through, whatever the provider and from the outbox too.
/// </summary>
/// <remarks>
/// The original <c>To</c> and <c>Cc</c> are kept in <c>X-Original-To</c> and <c>X-Original-Cc</c> headers (the library
/// adds them; an application cannot, see <see cref="EmailMessage.Headers"/>), <c>Bcc</c> recipients not allowed are
/// dropped, and the subject gets <see cref="SubjectPrefix"/>. A Warning at startup says the redirect is on.
/// </remarks>
public sealed class EmailRedirectOptions
{
    /// <summary>Gets or sets the address every email goes to instead (<c>Email:Redirect:To</c>). Required when the section is present.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation: leave <c>Email:Redirect</c> out to send to the real recipients.</value>
    public string? To { get; set; }

    /// <summary>
    /// Gets or sets the recipients that still receive their email (<c>Email:Redirect:Allow</c>): an address
    /// (<c>qa@shop.example</c>) or a whole domain (<c>@shop.example</c>, which does not include its subdomains), compared ignoring case.
    /// </summary>
    /// <value>The default is empty: every recipient is redirected.</value>
    public string[] Allow { get; set; } = [];

    /// <summary>Gets or sets the text put before the subject of a redirected email (<c>Email:Redirect:SubjectPrefix</c>); empty for none.</summary>
    /// <value>The default is <c>[Redirected] </c>.</value>
    public string SubjectPrefix { get; set; } = "[Redirected] ";
}
