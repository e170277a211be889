namespace Hyperswitch.Email.Suppressions.AspNetCore;

/// <summary>One-click unsubscribe (RFC 8058), bound from the <c>EmailUnsubscribe</c> configuration section.</summary>
public sealed class EmailUnsubscribeOptions
{
    /// <summary>The configuration section the options are bound from: <c>EmailUnsubscribe</c>.</summary>
    public const string SectionName = "EmailUnsubscribe";

    /// <summary>
    /// Gets or sets the application's public base URL (<c>EmailUnsubscribe:BaseUrl</c>), for example
    /// <c>https://shop.example/</c>: the unsubscribe links are built on it. Required; <c>https</c> (RFC 8058 requires it),
    /// or <c>http</c> on a loopback host for development.
    /// </summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the path of the unsubscribe endpoint (<c>EmailUnsubscribe:Path</c>), under <see cref="BaseUrl"/>
    /// and its path (an app at <c>https://shop.example/app/</c> gets <c>https://shop.example/app/email/unsubscribe</c>);
    /// <c>app.MapEmailUnsubscribe()</c> maps it.
    /// </summary>
    /// <value>The default is <c>/email/unsubscribe</c>.</value>
    public string Path { get; set; } = "/email/unsubscribe";

    /// <summary>
    /// Gets or sets the address of the <c>mailto:</c> alternative in <c>List-Unsubscribe</c> (<c>EmailUnsubscribe:MailtoAddress</c>),
    /// for example <c>unsubscribe@shop.example</c>; the token goes in the subject. Mail to it is not processed by this package.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the header has the https link only.</value>
    public string? MailtoAddress { get; set; }

    /// <summary>Gets or sets how long an unsubscribe link works (<c>EmailUnsubscribe:TokenLifetime</c>), from one day to two years.</summary>
    /// <value>The default is 60 days.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(60);
}
