namespace Hyperswitch.Email.Internal;

/// <summary>What every client's <see cref="IEmailClient.SendAsync(EmailMessage, CancellationToken)"/> does: compose, then send through the pipeline.</summary>
internal static class EmailComposition
{
    /// <summary>
    /// Composes <paramref name="message"/> and sends it through <paramref name="pipeline"/> and <paramref name="transport"/>.
    /// The library's composer completes at the call, so a refused message throws there, before anything is sent.
    /// </summary>
    public static Task ComposeAndSendAsync(
        IEmailComposer composer, EmailSendPipeline pipeline, IEmailTransport transport, EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var composing = composer.ComposeAsync(message, cancellationToken);
        return composing.IsCompletedSuccessfully
            ? pipeline.SendAsync(composing.Result, transport, cancellationToken)
            : SendWhenComposedAsync(composing, pipeline, transport, cancellationToken);
    }

    private static async Task SendWhenComposedAsync(
        ValueTask<PreparedEmail> composing, EmailSendPipeline pipeline, IEmailTransport transport, CancellationToken cancellationToken)
    {
        var email = await composing.ConfigureAwait(false);
        await pipeline.SendAsync(email, transport, cancellationToken).ConfigureAwait(false);
    }
}
