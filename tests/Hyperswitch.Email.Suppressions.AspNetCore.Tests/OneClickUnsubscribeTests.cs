using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Tests;

/// <summary>RFC 8058 one-click unsubscribe end to end: headers on a real message in smtp4dev, the POST against real Kestrel.</summary>
public sealed class OneClickUnsubscribeTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    [Fact]
    public async Task AddUnsubscribe_SentNewsletter_CarriesBothHeadersWithHttpsLinkAndMailto()
    {
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort);
        var subject = $"Newsletter {Guid.NewGuid():N}";
        var message = new EmailMessage("reader@example.com", subject, "<p>news</p>");

        var url = app.Links.AddUnsubscribe(message, "newsletter");
        await app.Client.SendAsync(message);

        var details = await Sink.DetailsAsync((await Sink.WaitForMessageAsync(subject)).Id);
        var listUnsubscribe = details.Header("List-Unsubscribe");
        Assert.NotNull(listUnsubscribe);
        Assert.Contains($"<{url.AbsoluteUri}>", listUnsubscribe.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).Replace(">,<", "><", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<mailto:unsubscribe@shop.example?subject=unsubscribe%20", listUnsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", details.Header("List-Unsubscribe-Post"));
        Assert.Equal("newsletter", details.Header(EmailStreams.HeaderName));
    }

    [Fact]
    public async Task OneClickPost_ValidToken_SuppressesTheStream_NewsletterRefused_ResetStillDelivered()
    {
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort);
        var url = app.Links.CreateUrl("Reader@Example.com", "newsletter");

        using var response = await app.OneClickAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(await app.Suppressions.ListAsync());
        Assert.Equal("reader@example.com", entry.Address);
        Assert.Equal("newsletter", entry.Stream);
        Assert.Equal(EmailSuppressionReason.Unsubscribe, entry.Reason);

        var newsletter = new EmailMessage("reader@example.com", $"News {Guid.NewGuid():N}", "<p>n</p>");
        app.Links.AddUnsubscribe(newsletter, "newsletter");
        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(newsletter));
        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        var reset = $"Reset {Guid.NewGuid():N}";
        await app.Client.SendAsync(new EmailMessage("reader@example.com", reset, "<p>reset</p>"));
        await Sink.WaitForMessageAsync(reset);
        Assert.False(await Sink.HasMessageAsync(newsletter.Subject));
    }

    [Fact]
    public async Task OneClickPost_ForgedOrDamagedToken_Is400_AndSuppressesNothing()
    {
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort);
        var valid = app.Links.CreateUrl("reader@example.com", "newsletter").AbsoluteUri;
        var damaged = valid[..^3] + (valid[^3] == 'A' ? "B" : "A") + valid[^2..];

        using var forged = await app.OneClickAsync(new Uri(app.BaseUrl, "/email/unsubscribe?token=cmVhZGVyQGV4YW1wbGUuY29tCm5ld3NsZXR0ZXI"));
        using var tampered = await app.OneClickAsync(new Uri(damaged));
        using var missing = await app.OneClickAsync(new Uri(app.BaseUrl, "/email/unsubscribe"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Empty(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task OneClickPost_ExpiredToken_Is400_AndSuppressesNothing()
    {
        // Minted 61 days ago with the default 60-day lifetime.
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort, new ShiftedClock(TimeSpan.FromDays(-61)));
        var url = app.Links.CreateUrl("reader@example.com", "newsletter");

        using var response = await app.OneClickAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task Get_ValidToken_ShowsAConfirmationForm_AndSuppressesNothing()
    {
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort);
        var url = app.Links.CreateUrl("reader@example.com", "newsletter");

        var page = await app.Http.GetStringAsync(url);

        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Empty(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task AddUnsubscribe_SeveralRecipients_IsRefused()
    {
        await using var app = await UnsubscribeApp.StartAsync(Sink.SmtpPort);
        var message = new EmailMessage("a@example.com", "Hi", "<p>x</p>");
        message.To.Add(new EmailAddress("b@example.com"));

        Assert.Throws<ArgumentException>(() => app.Links.AddUnsubscribe(message, "newsletter"));
        Assert.NotNull(app.Services.GetService<IEmailUnsubscribeLinks>());
    }
}
