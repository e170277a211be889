using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Suppressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>
/// The sample's newsletter end to end: it arrives at smtp4dev with RFC 8058 one-click unsubscribe headers, the
/// one-click POST suppresses the newsletter for that address, the next issue is not queued for it, and the account's
/// own emails (a password reset) still arrive.
/// </summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class NewsletterTests(Smtp4devPlainFixture sinks) : IAsyncLifetime
{
    private const string Password = "Passw0rd!";
    private const string Subject = "What's new at Shop";

    private readonly string _database = SignupFlowsApp.NewDatabase();
    private SignupFlowsApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new SignupFlowsApp(sinks.Sink, _database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SignupFlowsApp.DeleteDatabase(_database);
    }

    [Fact]
    public async Task Newsletter_OneClickUnsubscribe_NextIssueNotSent_PasswordResetStillArrives()
    {
        var jane = SignupFlowsApp.NewAddress("jane");
        var joe = SignupFlowsApp.NewAddress("joe");
        var client = await _app.RegisterConfirmedAsync(jane, Password);
        await _app.RegisterConfirmedAsync(joe, Password);

        var first = await SendNewsletterAsync(client, "December 2026");
        Assert.Equal((2, 0), first);
        var newsletter = await _app.WaitForEmailAsync(jane, Subject);
        await _app.WaitForEmailAsync(joe, Subject);

        // The headers of RFC 8058, as the mailbox provider sees them, and the same unsubscribe page linked in the footer.
        var headers = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(newsletter.Raw))).Headers;
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        Assert.Equal("newsletter", headers[EmailStreams.HeaderName]);
        var listUnsubscribe = headers["List-Unsubscribe"];
        Assert.Matches("^<http://localhost/email/unsubscribe\\?token=[^>]+>$", listUnsubscribe);
        var oneClick = new Uri(listUnsubscribe!.Trim('<', '>'));
        Assert.Contains(newsletter.Links, link => link.AbsolutePath == "/email/unsubscribe");
        Assert.Contains("The December 2026 issue", newsletter.Html, StringComparison.Ordinal);

        // The one-click POST: no login, no cookie, no antiforgery token, and no redirect.
        using var mailboxProvider = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var unsubscribe = await mailboxProvider.PostAsync(
            oneClick.PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        var entry = Assert.Single(await Suppressions.ListAsync(jane));
        Assert.Equal(EmailSuppressionReason.Unsubscribe, entry.Reason);
        Assert.Equal("newsletter", entry.Stream);
        Assert.Equal("one-click", entry.Source);

        // The next issue: refused at enqueue for Jane, so never queued nor sent; Joe still gets it.
        var second = await SendNewsletterAsync(client, "January 2027");
        Assert.Equal((1, 1), second);
        await _app.WaitForEmailsAsync(joe, Subject, 2);
        Assert.Equal(5, (await _app.OutboxAsync()).Count); // two verification emails and three newsletters
        await _app.WaitForEmailAsync(jane, Subject);

        // Unsubscribing from the newsletter does not stop the account's emails.
        using var forgot = await client.PostAsJsonAsync("/forgot-password", new { email = jane });
        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        var reset = await _app.WaitForEmailAsync(jane, "Reset your password");
        Assert.Equal("/reset-password", reset.Link.AbsolutePath);
        Assert.All(await _app.OutboxAsync(), row => Assert.Equal(EmailOutboxStatus.Sent, row.Status));
    }

    [Fact]
    public async Task Unsubscribe_ForgedToken_IsRefusedAndSuppressesNothing()
    {
        using var client = _app.CreateClient();

        using var forged = await client.PostAsync("/email/unsubscribe?token=CfDJ8forged", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(await Suppressions.ListAsync());
    }

    private IEmailSuppressionList Suppressions => _app.Services.GetRequiredService<IEmailSuppressionList>();

    private static async Task<(int Queued, int Suppressed)> SendNewsletterAsync(HttpClient client, string issue)
    {
        using var response = await client.PostAsJsonAsync("/newsletter", new { issue });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (reply.GetProperty("queued").GetInt32(), reply.GetProperty("suppressed").GetInt32());
    }
}
