using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Tests.DependencyInjection;

public sealed class EmailServiceCollectionExtensionsTests
{
    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "smtp.shop.example" })
        .Build();

    [Fact]
    public void AddSmtpEmail_CalledTwice_RegistersOnce()
    {
        var configuration = Configuration();
        var services = new ServiceCollection().AddSmtpEmail(configuration).AddSmtpEmail(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IEmailClient));
        Assert.Single(services, d => d.ServiceType == typeof(SmtpServer));
        // The shared options rules and the check that Email:ActiveEmailClient names a registered provider, once each.
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IValidateOptions<EmailOptions>)));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SmtpOptions>));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("smtp.shop.example", provider.GetRequiredService<IOptions<SmtpOptions>>().Value.Host);
    }

    [Theory]
    [InlineData("NO_EMAIL_CLIENT")]
    [InlineData("PickupDirectory")]
    [InlineData("SES")]
    public void AddSmtpEmail_ConfigurationNamingAnotherClient_FailsAtStartupNamingTheKey(string active)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = active })
            .Build();
        using var provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith(
            $"Email:ActiveEmailClient is \"{active}\", but AddSmtpEmail always sends through SMTP: remove Email:ActiveEmailClient, or register the providers with AddEmail(configuration).AddSmtp()",
            Assert.Single(exception.Failures),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SMTP")]
    [InlineData("smtp")]
    public void AddSmtpEmail_ConfigurationNamingSmtp_Starts(string active)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = "no-reply@shop.example",
                ["Email:Smtp:Host"] = "smtp.shop.example",
                ["Email:ActiveEmailClient"] = active,
            })
            .Build();
        using var provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddSmtpEmail_ResolvesOneSmtpServerSingleton()
    {
        using var provider = new ServiceCollection().AddSmtpEmail(Configuration()).BuildServiceProvider();

        var client = provider.GetRequiredService<IEmailClient>();

        Assert.IsType<SmtpServer>(client);
        Assert.Same(client, provider.GetRequiredService<IEmailClient>());
        Assert.Same(client, provider.GetRequiredService<SmtpServer>());
    }

    [Fact]
    public void AddEmail_Delegates_ConfigureOptions()
    {
        var services = new ServiceCollection();
        services.AddEmail(o => o.SenderEmail = "no-reply@shop.example").AddSmtp(smtp =>
        {
            smtp.Host = "127.0.0.1";
            smtp.Port = 1025;
            smtp.Connection = SmtpConnectionMode.Plaintext;
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal("no-reply@shop.example", provider.GetRequiredService<IOptions<EmailOptions>>().Value.SenderEmail);
        Assert.Equal(("127.0.0.1", 1025, SmtpConnectionMode.Plaintext), (options.Host, options.Port, options.Connection));
        Assert.IsType<SmtpServer>(provider.GetRequiredService<IEmailClient>());
    }

    [Fact]
    public void AddSmtpEmail_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("services", () => EmailServiceCollectionExtensions.AddSmtpEmail(null!, Configuration()));
        Assert.Throws<ArgumentNullException>("configuration", () => new ServiceCollection().AddSmtpEmail((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddEmail((Action<EmailOptions>)null!));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddEmail(Configuration()).AddSmtp(null!));
    }
}
