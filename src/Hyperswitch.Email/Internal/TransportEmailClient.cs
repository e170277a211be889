namespace Hyperswitch.Email.Internal;

/// <summary>The <see cref="IEmailClient"/> of a provider that is only an <see cref="IEmailTransport"/>: compose, then the one pipeline.</summary>
internal sealed class TransportEmailClient(IEmailComposer composer, EmailSendPipeline pipeline, IEmailTransport transport) : IEmailClient
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        EmailComposition.ComposeAndSendAsync(composer, pipeline, transport, message, cancellationToken);
}
