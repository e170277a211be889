using System.Reflection;
using Hyperswitch.Email.Dkim;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Tests.Internal;

/// <summary>The shapes the configuration-binding source generator binds, mirrors of the public options.</summary>
public sealed class OptionsSectionTests
{
    [Theory]
    [InlineData(typeof(EmailOptions), typeof(EmailOptionsSection))]
    [InlineData(typeof(SmtpOptions), typeof(SmtpOptionsSection))]
    [InlineData(typeof(DkimOptions), typeof(DkimOptionsSection))]
    public void Section_HasEverySettablePropertyOfTheOptions(Type options, Type section)
    {
        // A property added to the options but not here would fail as an unknown key when configured.
        static string[] Settable(Type type) =>
            [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).Order()];

        Assert.Equal(Settable(options), Settable(section));
    }

    [Fact]
    public void SmtpOptions_HaveNoDelegate_SoThatConfigurationCanBindThem()
    {
        Assert.DoesNotContain(typeof(SmtpOptions).GetProperties(), p => typeof(Delegate).IsAssignableFrom(p.PropertyType));
    }

    [Fact]
    public void Bind_Failover_ConvertsItsConnectionAndSecretsToo()
    {
        var smtp = Resolve(new()
        {
            ["Email:Smtp:Failover:Host"] = "backup.example.com",
            ["Email:Smtp:Failover:Connection"] = "implicit_tls",
            ["Email:Smtp:Failover:Username"] = "mailer",
            ["Email:Smtp:Failover:Password"] = "s3cret-Pa55",
            ["Email:Smtp:Failover:Timeout"] = "30",
        });

        Assert.Equal("backup.example.com", smtp.Failover!.Host);
        Assert.Equal(SmtpConnectionMode.Tls, smtp.Failover.Connection);
        Assert.Equal("s3cret-Pa55", smtp.Failover.Password!.Expose());
        Assert.Equal(30, smtp.Failover.Timeout);
        Assert.Equal(SmtpConnectionMode.StartTls, smtp.Connection);
    }

    [Fact]
    public void Bind_UnknownFailoverConnection_FailsNamingItsKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Resolve(new() { ["Email:Smtp:Failover:Connection"] = "ssl3" }));

        Assert.Contains("Email:Smtp:Failover:Connection", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NestedOptions_KeepTheirDefaultsForKeysNotGiven()
    {
        var smtp = Resolve(new() { ["Email:Smtp:Retry:MaxRetries"] = "3", ["Email:Smtp:Pooling:IdleTimeout"] = "00:00:30" });

        Assert.Equal(3, smtp.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), smtp.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), smtp.Pooling.IdleTimeout);
        Assert.Equal(4, smtp.Pooling.MaxConnections);
    }

    [Fact]
    public void Bind_DkimPrivateKey_BindsAsASecret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@example.com",
            ["Email:Dkim:Domain"] = "example.com",
            ["Email:Dkim:Selector"] = "s1",
            ["Email:Dkim:PrivateKey"] = "-----BEGIN PRIVATE KEY-----",
            ["Email:Dkim:HeadersToSign:0"] = "From",
        }).Build();
        var options = new EmailOptions();

        EmailOptionsSection.Bind(configuration.GetSection("Email"), options);

        Assert.Equal("-----BEGIN PRIVATE KEY-----", options.Dkim!.PrivateKey!.Expose());
        Assert.Equal(["From"], options.Dkim.HeadersToSign!);
        Assert.Equal("s1", options.Dkim.Selector);
    }

    [Fact]
    public void Bind_CodeConfigurationBeforeBinding_IsKeptForKeysNotGiven()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Smtp:Port"] = "2525" }).Build();
        var options = new SmtpOptions { Host = "smtp.example.com", Password = new SecretString("kept") };

        SmtpOptionsSection.Bind(configuration.GetSection("Smtp"), options);

        Assert.Equal(2525, options.Port);
        Assert.Equal("smtp.example.com", options.Host);
        Assert.Equal("kept", options.Password!.Expose());
    }

    private static SmtpOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["Email:SenderEmail"] = "no-reply@example.com";
        settings.TryAdd("Email:Smtp:Host", "smtp.example.com");
        using var provider = new ServiceCollection().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SmtpOptions>>().Value;
    }
}
