namespace Hyperswitch.Email;

/// <summary>One send as an <see cref="IEmailSendHook"/> sees it: the message and the provider it goes to.</summary>
public sealed class EmailSendContext
{
    /// <summary>Initializes a new instance of the <see cref="EmailSendContext"/> class.</summary>
    /// <param name="email">The message being sent.</param>
    /// <param name="provider">The provider's name (<see cref="IEmailTransport.Name"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public EmailSendContext(PreparedEmail email, string provider)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(provider);
        Email = email;
        Provider = provider;
    }

    /// <summary>Gets the message being sent, with its envelope (<see cref="PreparedEmail.Recipients"/>) and <c>Message-ID</c>.</summary>
    public PreparedEmail Email { get; }

    /// <summary>Gets the provider's name, for example <c>SMTP</c>.</summary>
    public string Provider { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Email} through {Provider}";
}
