
namespace Hyperswitch.Email.Tests.Smtp;

[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class SmtpServerStartTlsTests(Smtp4devFixture sinks)
{
    private Smtp4dev Sink => sinks.StartTls;

    [Fact]
    public async Task SendAsync_StartTlsWithTrustedCertificate_DeliversOverTls()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.StartTls(Sink.SmtpPort), serverCertificateValidation: Sink.TrustsOnlyThisCertificate);
        var subject = $"Over TLS {Guid.NewGuid():N}";

        await factory.Client.SendEmailAsync("jane@example.com", subject, "<p>tls</p>");

        var details = await Sink.DetailsAsync((await Sink.WaitForMessageAsync(subject)).Id);
        Assert.True(details.SecureConnection);
        Assert.Equal(["jane@example.com"], details.DeliveredTo);
    }

    [Fact]
    public async Task SendAsync_UntrustedCertificate_FailsTlsPermanentlyAndSendsNothing()
    {
        // No callback: the self-signed certificate must be refused by default.
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.StartTls(Sink.SmtpPort));
        var subject = $"Untrusted {Guid.NewGuid():N}";

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", subject, "<p/>"));

        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Contains($"localhost:{Sink.SmtpPort}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task SendAsync_CorrectCredentials_AuthenticatesAndDelivers()
    {
        var settings = EmailClientFactory.StartTls(Sink.SmtpPort);
        settings["Email:Smtp:Username"] = Smtp4dev.UserName;
        settings["Email:Smtp:Password"] = Smtp4dev.Password;
        using var factory = EmailClientFactory.FromConfiguration(settings, serverCertificateValidation: Sink.TrustsOnlyThisCertificate);
        var subject = $"Authenticated {Guid.NewGuid():N}";

        await factory.Client.SendEmailAsync("jane@example.com", subject, "<p/>");

        await Sink.WaitForMessageAsync(subject);
        Assert.DoesNotContain(Smtp4dev.Password, factory.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_Fails535PermanentWithoutLeakingIt()
    {
        const string wrongPassword = "Wr0ng-Batt3ry-Stapl3";
        var settings = EmailClientFactory.StartTls(Sink.SmtpPort);
        settings["Email:Smtp:Username"] = Smtp4dev.UserName;
        settings["Email:Smtp:Password"] = wrongPassword;
        using var factory = EmailClientFactory.FromConfiguration(settings, serverCertificateValidation: Sink.TrustsOnlyThisCertificate);
        var subject = $"Wrong password {Guid.NewGuid():N}";

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", subject, "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Equal(535, exception.SmtpStatusCode);
        Assert.False(exception.IsTransient);
        Assert.DoesNotContain(wrongPassword, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, factory.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailSendFailed" && e.Exception == exception);
        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task SendAsync_ImplicitTlsToSmtp4dev_DeliversOverTls()
    {
        var sink = sinks.ImplicitTls;
        var settings = EmailClientFactory.StartTls(sink.SmtpPort);
        settings["Email:Smtp:Connection"] = "tls";
        settings["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(sink.Certificate!);
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var subject = $"Implicit TLS {Guid.NewGuid():N}";

        await factory.Client.SendEmailAsync("jane@example.com", subject, "<p>465</p>");

        Assert.True((await sink.DetailsAsync((await sink.WaitForMessageAsync(subject)).Id)).SecureConnection);
    }

    [Fact]
    public async Task SendAsync_StartTlsClientToImplicitTlsServer_FailsInsteadOfHanging()
    {
        var sink = sinks.ImplicitTls;
        var settings = EmailClientFactory.StartTls(sink.SmtpPort);
        settings["Email:Smtp:Timeout"] = "2";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Mismatch", "<p/>"));

        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
    }
}
