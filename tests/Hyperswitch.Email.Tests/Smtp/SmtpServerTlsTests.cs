using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography.X509Certificates;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>TLS never downgrades: STARTTLS required means required, certificates are validated, credentials never cross in clear.</summary>
public sealed class SmtpServerTlsTests
{
    private const string Password = "Corr3ct-H0rse";

    [Fact]
    public async Task SendAsync_StartTlsHidden_FailsAndSendsNeitherCredentialsNorMessage()
    {
        await using var server = new ScriptedSmtpServer { AdvertiseStartTls = false, AuthMechanisms = "PLAIN LOGIN", Credentials = ("mailer", Password) };
        using var factory = EmailClientFactory.FromConfiguration(TlsSettings(server, "starttls", withCredentials: true));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p>secret</p>"));

        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Contains("does not offer STARTTLS", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, server.DataCommandCount);
    }

    [Fact]
    public async Task SendAsync_StartTlsRefused_FailsAndSendsNothingInClear()
    {
        await using var server = new ScriptedSmtpServer { AdvertiseStartTls = true, Certificate = TestCertificates.SelfSignedLocalhost(), AuthMechanisms = "PLAIN", Credentials = ("mailer", Password) };
        server.On(SmtpPhase.StartTls, SmtpAction.Reply(454, "4.7.0 TLS not available due to temporary reason"));
        using var factory = EmailClientFactory.FromConfiguration(TlsSettings(server, "starttls", withCredentials: true));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.Equal(454, exception.SmtpStatusCode);
        Assert.DoesNotContain(server.Commands, c => !c.OverTls && (c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, server.DataCommandCount);
    }

    public static TheoryData<string, string> RefusedCertificates() => new()
    {
        { "self-signed", "it is not issued by a trusted authority (self-signed or unknown issuer)" },
        { "expired", "it expired on " },
        { "wrong host", "it is issued for 'wrong-host.example', not 'localhost'" },
    };

    [Theory]
    [MemberData(nameof(RefusedCertificates))]
    public async Task SendAsync_BadCertificate_IsRefusedSayingWhy(string kind, string reason)
    {
        foreach (var mode in new[] { "starttls", "tls" })
        {
            await using var server = new ScriptedSmtpServer { AdvertiseStartTls = true, ImplicitTls = mode == "tls", Certificate = Certificate(kind), AuthMechanisms = "PLAIN", Credentials = ("mailer", Password) };
            using var factory = EmailClientFactory.FromConfiguration(TlsSettings(server, mode, withCredentials: true));

            var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

            Assert.Equal(EmailSendFailure.Tls, exception.Failure);
            Assert.False(exception.IsTransient);
            Assert.StartsWith($"TLS with the SMTP server localhost:{server.Port} failed: the certificate was refused: ", exception.Message, StringComparison.Ordinal);
            Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("starttls")]
    [InlineData("tls")]
    public async Task SendAsync_PinnedThumbprint_TrustsThatCertificateOnly(string mode)
    {
        using var certificate = TestCertificates.SelfSignedLocalhost();
        await using var server = new ScriptedSmtpServer { AdvertiseStartTls = true, ImplicitTls = mode == "tls", Certificate = certificate, AuthMechanisms = "PLAIN LOGIN", Credentials = ("mailer", Password) };
        var settings = TlsSettings(server, mode, withCredentials: true);
        settings["Email:Smtp:TrustedCertificateThumbprint"] = string.Join(':', TestCertificates.Sha256(certificate).Chunk(2).Select(pair => new string(pair))).ToLowerInvariant();
        using var factory = EmailClientFactory.FromConfiguration(settings);

        await factory.Client.SendEmailAsync("jane@example.com", "Pinned", "<p/>");

        var message = Assert.Single(server.Messages);
        Assert.True(message.OverTls);
        Assert.All(server.Commands.Where(c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)), c => Assert.True(c.OverTls));
        Assert.Single(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_PinnedThumbprintOfAnotherCertificate_StillValidatesAndRefuses()
    {
        using var other = TestCertificates.SelfSignedLocalhost();
        await using var server = new ScriptedSmtpServer { AdvertiseStartTls = true, Certificate = TestCertificates.SelfSignedLocalhost() };
        var settings = TlsSettings(server, "starttls");
        settings["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(other);
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_WrongPasswordOverTls_TriesOneMechanismOnceAnd535()
    {
        await using var server = new ScriptedSmtpServer { AdvertiseStartTls = true, Certificate = TestCertificates.SelfSignedLocalhost(), AuthMechanisms = "CRAM-MD5 PLAIN LOGIN", Credentials = ("mailer", "another") };
        var settings = TlsSettings(server, "starttls", withCredentials: true);
        settings["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(server.Certificate!);
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Equal(535, exception.SmtpStatusCode);
        Assert.Equal("AUTH PLAIN", Assert.Single(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase)).Line.Split(' ').Take(2).Aggregate((a, b) => $"{a} {b}"));
        Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, factory.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_CredentialsOverPlaintext_AreRefusedAtStartup()
    {
        var settings = EmailClientFactory.Plaintext(2525);
        settings["Email:Smtp:Username"] = "mailer";
        settings["Email:Smtp:Password"] = Password;
        using var factory = EmailClientFactory.FromConfiguration(settings);

        // What the host runs at startup, because AddSmtpEmail calls ValidateOnStart.
        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => factory.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Equal(
            "Email:Smtp:Username and Email:Smtp:Password are set but Email:Smtp:Connection is \"plaintext\": the password would cross the network in clear text. "
            + "Use \"starttls\" or \"tls\", or set Email:Smtp:AllowPlaintextAuthentication to true for a development relay.",
            Assert.Single(exception.Failures));
        Assert.DoesNotContain(Password, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CredentialsOverPlaintextExplicitlyAllowed_Authenticates()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, withCredentials: true));

        await factory.Client.SendEmailAsync("jane@example.com", "Dev relay", "<p/>");

        Assert.Single(server.Messages);
        Assert.Single(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    private static X509Certificate2 Certificate(string kind) => kind switch
    {
        "expired" => TestCertificates.ExpiredLocalhost(),
        "wrong host" => TestCertificates.WrongHost(),
        _ => TestCertificates.SelfSignedLocalhost(),
    };

    private static Dictionary<string, string?> TlsSettings(ScriptedSmtpServer server, string mode, bool withCredentials = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:Smtp:Host"] = "localhost",
            ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Timeout"] = "5",
            ["Email:Smtp:Connection"] = mode,
        };
        if (withCredentials)
        {
            settings["Email:Smtp:Username"] = "mailer";
            settings["Email:Smtp:Password"] = Password;
        }

        return settings;
    }
}
