using System.Text;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>OAuth2 sign-in (XOAUTH2), as Microsoft 365 and Google Workspace require once basic authentication is off.</summary>
public sealed class SmtpServerOAuth2Tests
{
    private const string GoodToken = "ya29.good-token-1234567890";
    private const string BadToken = "ya29.expired-token-0987654321";

    [Fact]
    public async Task SendAsync_ValidToken_SendsExactSaslStringAndDelivers()
    {
        await using var server = NewServer();
        var tokens = new CountingTokenSource(GoodToken);
        using var provider = Build(server, tokens);

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "OAuth2", "<p/>");

        Assert.Single(server.Messages);
        Assert.Equal($"user=mailer@shop.example\u0001auth=Bearer {GoodToken}\u0001\u0001", Assert.Single(server.XOAuth2Responses));
        Assert.Equal(1, tokens.Calls);
        Assert.All(server.Commands.Where(c => c.Line.StartsWith("AUTH", StringComparison.Ordinal)), c => Assert.True(c.OverTls));
    }

    [Fact]
    public async Task SendAsync_RefusedToken_IsPermanentAuthenticationErrorWithoutTheToken()
    {
        await using var server = NewServer();
        using var provider = Build(server, new CountingTokenSource(BadToken));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "OAuth2", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Equal(535, exception.SmtpStatusCode);
        Assert.False(exception.IsTransient);
        Assert.Contains("refused the OAuth2 access token", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BadToken, exception.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Messages);
        // The 334 error challenge was answered with an empty line, as the protocol wants.
        Assert.Contains(server.Commands, c => c.Line.Length == 0);
    }

    [Fact]
    public async Task SendAsync_EveryConnection_AsksTheTokenSourceAgain()
    {
        await using var server = NewServer();
        var tokens = new CountingTokenSource(GoodToken);
        using var provider = Build(server, tokens);
        var client = provider.GetRequiredService<IEmailClient>();

        for (var i = 0; i < 3; i++)
        {
            await client.SendEmailAsync("jane@example.com", $"OAuth2 {i}", "<p/>");
        }

        Assert.Equal(3, tokens.Calls);
        Assert.Equal(3, server.ConnectionCount);
    }

    [Theory]
    [InlineData("5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.")]
    [InlineData("5.7.30 Basic authentication is not supported for Client Submission.")]
    public async Task SendAsync_Microsoft365RefusesPasswords_PointsToOAuth2(string reply)
    {
        await using var server = NewServer();
        server.On(SmtpPhase.Auth, SmtpAction.Reply(535, reply));
        var settings = Settings(server);
        settings["Email:Smtp:Authentication"] = "password";
        settings["Email:Smtp:Password"] = "app-password";
        using var provider = Build(server, tokens: null, settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Contains("set Email:Smtp:Authentication to \"OAuth2\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OAuth2WithoutTokenSourceOrUser_AreRefusedAtStartup()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:Smtp:Host"] = "smtp.office365.com",
            ["Email:Smtp:Authentication"] = "OAuth2",
            ["Email:Smtp:Password"] = "not-for-oauth",
        };
        using var provider = new ServiceCollection().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Email:Smtp:Username must be the mailbox to send as when Email:Smtp:Authentication is \"OAuth2\".",
                "Email:Smtp:Password is not used with Email:Smtp:Authentication \"OAuth2\": remove it (the token comes from ISmtpAccessTokenSource).",
                "Email:Smtp:Authentication is \"OAuth2\" but no ISmtpAccessTokenSource is registered: call services.AddSmtpAccessTokenSource<T>().",
            ],
            exception.Failures);
    }

    [Fact]
    public void AddSmtpAccessTokenSource_CalledTwice_RegistersTheFirstOnce()
    {
        var services = new ServiceCollection().AddSmtpAccessTokenSource<FixedTokenSource>().AddSmtpAccessTokenSource<FixedTokenSource>();

        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ISmtpAccessTokenSource));
        Assert.IsType<FixedTokenSource>(provider.GetRequiredService<ISmtpAccessTokenSource>());
    }

    private static ScriptedSmtpServer NewServer() => new()
    {
        AdvertiseStartTls = true,
        Certificate = TestCertificates.SelfSignedLocalhost(),
        AuthMechanisms = "PLAIN LOGIN XOAUTH2",
        Credentials = ("mailer@shop.example", "app-password"),
        AcceptedAccessToken = GoodToken,
    };

    private static Dictionary<string, string?> Settings(ScriptedSmtpServer server) => new()
    {
        ["Email:SenderEmail"] = "mailer@shop.example",
        ["Email:Smtp:Host"] = "localhost",
        ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Connection"] = "starttls",
        ["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(server.Certificate!),
        ["Email:Smtp:Authentication"] = "OAuth2",
        ["Email:Smtp:Username"] = "mailer@shop.example",
    };

    private static ServiceProvider Build(ScriptedSmtpServer server, CountingTokenSource? tokens, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings ?? Settings(server)).Build());
        if (tokens is not null)
        {
            services.AddSingleton<ISmtpAccessTokenSource>(tokens);
        }

        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    private sealed class CountingTokenSource(string token) : ISmtpAccessTokenSource
    {
        private int _calls;

        public int Calls => _calls;

        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(token);
        }
    }

    private sealed class FixedTokenSource : ISmtpAccessTokenSource
    {
        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult(GoodToken);
    }
}
