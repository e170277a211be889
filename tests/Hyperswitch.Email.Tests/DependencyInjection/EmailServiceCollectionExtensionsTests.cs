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
        // The options rules and the check that the configuration does not name another client, once each.
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IValidateOptions<EmailOptions>)));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("smtp.shop.example", provider.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host);
    }

    [Theory]
    [InlineData("NO_EMAIL_CLIENT")]
    [InlineData("PickupDirectory")]
    public void AddSmtpEmail_ConfigurationNamingAnotherClient_FailsAtStartupNamingTheKey(string active)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = active })
            .Build();
        using var provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(
            $"Email:ActiveEmailClient is \"{active}\", but AddSmtpEmail always sends through SMTP: remove Email:ActiveEmailClient, or register the client with AddEmail, which lets Email:ActiveEmailClient choose it.",
            exception.Failures);
    }

    [Theory]
    [InlineData("SMTP")]
    [InlineData("ses")]
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
    public void AddSmtpEmail_Delegate_ConfiguresOptions()
    {
        using var provider = new ServiceCollection()
            .AddSmtpEmail(o =>
            {
                o.SenderEmail = "no-reply@shop.example";
                o.Smtp.Host = "127.0.0.1";
                o.Smtp.Port = 1025;
                o.Smtp.Connection = SmtpConnectionMode.Plaintext;
            })
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal(("127.0.0.1", 1025, SmtpConnectionMode.Plaintext), (options.Smtp.Host, options.Smtp.Port, options.Smtp.Connection));
    }

    [Fact]
    public void AddSmtpEmail_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("services", () => EmailServiceCollectionExtensions.AddSmtpEmail(null!, Configuration()));
        Assert.Throws<ArgumentNullException>("configuration", () => new ServiceCollection().AddSmtpEmail((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddSmtpEmail((Action<EmailOptions>)null!));
    }
}
