using Hyperswitch.Email;

namespace OAuth2TokenSources;

/// <summary>The README's examples of attachments, inline images and headers, compiled in CI.</summary>
public static class MessageContentExamples
{
    private const string LogoPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    public static async Task SendReceiptAsync(IEmailClient email, string recipient, string invoicePath, CancellationToken cancellationToken)
    {
        var message = new EmailMessage(recipient, "Your receipt", "<p><img src=\"cid:logo\" alt=\"Shop\"> Thank you for your order.</p>")
        {
            Attachments =
            {
                EmailAttachment.Inline("logo", "logo.png", Convert.FromBase64String(LogoPng)),
                await EmailAttachment.FromFileAsync(invoicePath, "invoice.pdf", cancellationToken: cancellationToken),
            },
            Headers =
            {
                ["Auto-Submitted"] = "auto-generated",
                ["List-Unsubscribe"] = "<https://shop.example/unsubscribe>",
            },
        };
        await email.SendAsync(message, cancellationToken);
    }
}
