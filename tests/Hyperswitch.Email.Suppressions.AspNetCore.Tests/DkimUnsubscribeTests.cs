using System.Security.Cryptography;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Tests;

/// <summary>The DKIM signature of a message with one-click unsubscribe covers both headers (RFC 8058 §4), with the default header list.</summary>
public sealed class DkimUnsubscribeTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    [Fact]
    public async Task AddUnsubscribe_WithDkim_SignatureCoversListUnsubscribeAndListUnsubscribePost()
    {
        using var rsa = RSA.Create(2048);
        await using var app = await UnsubscribeApp.StartAsync(smtp.Sink.SmtpPort, settings: new Dictionary<string, string?>
        {
            ["Email:Dkim:Domain"] = "shop.example",
            ["Email:Dkim:Selector"] = "s1",
            ["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem(),
        });
        var subject = $"Signed newsletter {Guid.NewGuid():N}";
        var message = new EmailMessage("reader@example.com", subject, "<p>news</p>");
        app.Links.AddUnsubscribe(message, "newsletter");

        await app.Client.SendAsync(message);

        var details = await smtp.Sink.DetailsAsync((await smtp.Sink.WaitForMessageAsync(subject)).Id);
        var signature = details.Header("DKIM-Signature");
        Assert.NotNull(signature);
        var signed = signature.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\t", string.Empty, StringComparison.Ordinal)
            .Split(';').Single(tag => tag.StartsWith("h=", StringComparison.Ordinal))[2..].Split(':');
        Assert.Contains("list-unsubscribe", signed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("list-unsubscribe-post", signed, StringComparer.OrdinalIgnoreCase);
    }
}
