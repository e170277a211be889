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
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<EmailOptions>));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("smtp.shop.example", provider.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host);
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
