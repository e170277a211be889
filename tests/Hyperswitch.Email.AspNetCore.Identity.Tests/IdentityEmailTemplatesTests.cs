using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AspNetCore.Identity.Tests;

/// <summary>Identity's emails are templates: localized under the current UI culture, and replaceable one by one.</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class IdentityEmailTemplatesTests(Smtp4devPlainFixture sinks)
{
    private static readonly IdentityUser User = new("jane@example.com");

    [Fact]
    public async Task SendConfirmationLinkAsync_ReplacedTemplate_IsSentAndTheOthersStay()
    {
        using var provider = Services(templates => templates.ConfirmationLink = typeof(OwnConfirmationEmail));
        var sender = provider.GetRequiredService<IEmailSender<IdentityUser>>();
        var recipient = Recipient();

        await sender.SendConfirmationLinkAsync(User, recipient, "https://shop.example/confirm?code=1");
        await sender.SendPasswordResetLinkAsync(User, recipient, "https://shop.example/reset?code=2");

        var own = await sinks.Sink.WaitForMessageAsync("Activate your Shop account");
        Assert.Contains($"Welcome aboard, {recipient}", await sinks.Sink.HtmlAsync(own.Id), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(async () => (await sinks.Sink.MessagesAsync()).Any(m => m.Subject == "Reset your password" && m.To.Contains(recipient))));
    }

    [Fact]
    public async Task SendPasswordResetCodeAsync_GermanUiCulture_IsSentInGerman()
    {
        using var provider = Services(_ => { });
        var sender = provider.GetRequiredService<IEmailSender<IdentityUser>>();
        var recipient = Recipient();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            await sender.SendPasswordResetCodeAsync(User, recipient, "123456");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        var message = await sinks.Sink.WaitForMessageAsync("Ihr Code zum Zurücksetzen des Passworts");
        Assert.Contains(recipient, message.To);
        Assert.Contains("Ihr Code lautet", await sinks.Sink.HtmlAsync(message.Id), StringComparison.Ordinal);
    }

    [Fact]
    public void AddIdentityEmailSender_TemplateOfTheWrongModel_FailsValidation()
    {
        using var provider = Services(templates => templates.PasswordResetCode = typeof(OwnConfirmationEmail));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IdentityEmailTemplateOptions>>().Value);

        Assert.Contains("IdentityEmailTemplateOptions.PasswordResetCode must be a template derived from EmailTemplate<IdentityEmailCode>", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Services(Action<IdentityEmailTemplateOptions> templates)
    {
        var services = new ServiceCollection();
        services.AddEmail(options => options.SenderEmail = "no-reply@shop.example").AddSmtp(smtp =>
        {
            smtp.Host = "127.0.0.1";
            smtp.Port = sinks.Sink.SmtpPort;
            smtp.Connection = Hyperswitch.Email.Smtp.SmtpConnectionMode.Plaintext;
        });
        return services.AddIdentityEmailSender<IdentityUser>(templates).BuildServiceProvider(validateScopes: true);
    }

    private static string Recipient() => string.Create(CultureInfo.InvariantCulture, $"jane-{Guid.NewGuid():N}@example.com");
}
