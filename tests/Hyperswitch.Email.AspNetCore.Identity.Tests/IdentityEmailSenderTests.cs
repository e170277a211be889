using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hyperswitch.Email.AspNetCore.Identity.Tests;

/// <summary>Identity's three emails, sent through the registered <see cref="IEmailSender{TUser}"/> to a real smtp4dev.</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class IdentityEmailSenderTests(Smtp4devPlainFixture sinks) : IDisposable
{
    private static readonly IdentityUser User = new("jane@example.com");

    private readonly ServiceProvider _provider = Build(sinks.Sink.SmtpPort, senderName: "Shop");

    private Smtp4dev Sink => sinks.Sink;

    private IEmailSender<IdentityUser> Sender => _provider.GetRequiredService<IEmailSender<IdentityUser>>();

    [Fact]
    public async Task SendConfirmationLinkAsync_LinkEncodedByIdentity_IsEncodedOnceAndArrives()
    {
        var recipient = Recipient();
        const string link = "https://shop.example/confirmEmail?userId=42&code=a+b/c==&returnUrl=<x>";
        // What MapIdentityApi passes: the link already HTML-encoded ("do not double encode this").
        await Sender.SendConfirmationLinkAsync(User, recipient, HtmlEncoder.Default.Encode(link));

        var email = await ReceiveAsync(recipient, "Confirm your email");
        Assert.Contains("href=\"https://shop.example/confirmEmail?userId=42&amp;code=a&#x2B;b/c==&amp;returnUrl=&lt;x&gt;\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;amp;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Please confirm that {recipient} is your email address.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Confirm your email ({link})", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendPasswordResetLinkAsync_RawLink_IsEncodedAndArrives()
    {
        var recipient = Recipient();
        const string link = "https://shop.example/reset?email=jane%40example.com&code=\"><script>alert(1)</script>";

        await Sender.SendPasswordResetLinkAsync(User, recipient, link);

        var email = await ReceiveAsync(recipient, "Reset your password");
        Assert.Contains("href=\"https://shop.example/reset?email=jane%40example.com&amp;code=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Reset your password ({link})", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendPasswordResetCodeAsync_Code_IsEncodedAndArrives()
    {
        var recipient = Recipient();

        await Sender.SendPasswordResetCodeAsync(User, recipient, "<b>12&34</b>");

        var email = await ReceiveAsync(recipient, "Your password reset code");
        Assert.Contains("<strong>&lt;b&gt;12&amp;34&lt;/b&gt;</strong>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<b>12&34</b>", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("/relative/confirm?code=1")]
    [InlineData("ftp://shop.example/confirm")]
    public async Task SendConfirmationLinkAsync_NotAnHttpLink_ThrowsAndSendsNothing(string link)
    {
        var sessionsBefore = await Sink.SessionCountAsync();

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendConfirmationLinkAsync(User, Recipient(), link));

        Assert.Equal("confirmationLink", exception.ParamName);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
    }

    [Fact]
    public async Task SendPasswordResetCodeAsync_InvalidRecipient_ThrowsParseExceptionAndSendsNothing()
    {
        var sessionsBefore = await Sink.SessionCountAsync();

        var exception = await Assert.ThrowsAsync<EmailParseException>(() => Sender.SendPasswordResetCodeAsync(User, "jane@", "123456"));

        Assert.Equal("To[0]", exception.Field);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
    }

    [Fact]
    public async Task SendPasswordResetLinkAsync_SmtpDown_ThrowsTransientSendException()
    {
        using var provider = Build(FreePort.Next());
        var sender = provider.GetRequiredService<IEmailSender<IdentityUser>>();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendPasswordResetLinkAsync(User, Recipient(), "https://shop.example/reset"));

        Assert.Equal(EmailSendFailure.Connect, exception.Failure);
        Assert.True(exception.IsTransient);
    }

    [Fact]
    public async Task Methods_NullOrEmptyArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Sender.SendConfirmationLinkAsync(null!, "jane@example.com", "https://shop.example/"));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendConfirmationLinkAsync(User, " ", "https://shop.example/"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Sender.SendPasswordResetLinkAsync(User, "jane@example.com", null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendPasswordResetCodeAsync(User, "jane@example.com", string.Empty));
    }

    public void Dispose() => _provider.Dispose();

    private static string Recipient() => string.Create(CultureInfo.InvariantCulture, $"jane-{Guid.NewGuid():N}@example.com");

    /// <summary>Waits (up to 10 s) for the email to <paramref name="recipient"/> and parses it.</summary>
    private async Task<MimeMessage> ReceiveAsync(string recipient, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var match = (await Sink.MessagesAsync()).SingleOrDefault(m => m.To.Contains(recipient));
            if (match is not null)
            {
                Assert.Equal(subject, match.Subject);
                var mime = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(await Sink.RawAsync(match.Id))));
                Assert.IsType<MultipartAlternative>(mime.Body);
                return mime;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No email to {recipient} arrived at smtp4dev.");
            await Task.Delay(50);
        }
    }

    private static ServiceProvider Build(int port, string? senderName = null)
    {
        var services = new ServiceCollection();
        services
            .AddEmail(options =>
            {
                options.SenderEmail = "no-reply@shop.example";
                options.SenderName = senderName;
            })
            .AddSmtp(smtp =>
            {
                smtp.Host = "127.0.0.1";
                smtp.Port = port;
                smtp.Connection = Hyperswitch.Email.Smtp.SmtpConnectionMode.Plaintext;
            });
        services.AddIdentityEmailSender<IdentityUser>();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
