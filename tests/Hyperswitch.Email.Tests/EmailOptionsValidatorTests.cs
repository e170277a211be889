using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Tests;

public sealed class EmailOptionsValidatorTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Email:SenderEmail"] = "no-reply@example.com",
        ["Email:Smtp:Host"] = "smtp.example.com",
    };

    [Fact]
    public void Validate_MinimalConfiguration_Succeeds()
    {
        var options = Resolve(Valid);

        Assert.Equal("smtp.example.com", options.Host);
        Assert.Equal(587, options.Port);
        Assert.Equal(10, options.Timeout);
        Assert.Equal(SmtpConnectionMode.StartTls, options.Connection);
        Assert.Null(options.Username);
        Assert.Null(options.Password);
    }

    [Theory]
    [InlineData("Email:Smtp:Host", "", "Email:Smtp:Host must not be empty.")]
    [InlineData("Email:Smtp:Host", "   ", "Email:Smtp:Host must not be empty.")]
    [InlineData("Email:Smtp:Host", "smtp example.com", "Email:Smtp:Host must be a host name or IP address, without spaces or control characters.")]
    [InlineData("Email:Smtp:Port", "0", "Email:Smtp:Port must be between 1 and 65535 (it is 0).")]
    [InlineData("Email:Smtp:Port", "65536", "Email:Smtp:Port must be between 1 and 65535 (it is 65536).")]
    [InlineData("Email:Smtp:Timeout", "0", "Email:Smtp:Timeout must be between 1 and 3600 seconds (it is 0).")]
    [InlineData("Email:Smtp:Timeout", "-5", "Email:Smtp:Timeout must be between 1 and 3600 seconds (it is -5).")]
    [InlineData("Email:Smtp:Timeout", "3601", "Email:Smtp:Timeout must be between 1 and 3600 seconds (it is 3601).")]
    [InlineData("Email:SenderEmail", "", "Email:SenderEmail must not be empty.")]
    [InlineData("Email:SenderEmail", "no-reply", "Email:SenderEmail has no '@'.")]
    [InlineData("Email:SenderEmail", "no-reply@", "Email:SenderEmail is not a valid email address.")]
    [InlineData("Email:SenderEmail", "Shop <no-reply@example.com>", "Email:SenderEmail must be a bare address such as jane@example.com, without a display name or comment (give the display name separately).")]
    [InlineData("Email:SenderName", "Shop\r\nBcc: victim@example.com", "Email:SenderName must not contain CR, LF, NUL or other control characters.")]
    [InlineData("Email:Smtp:Username", "mailer", "Email:Smtp:Password must not be empty when Email:Smtp:Username is set: give both or neither.")]
    [InlineData("Email:Smtp:Password", "s3cret-Pa55", "Email:Smtp:Username must not be empty when Email:Smtp:Password is set: give both or neither.")]
    public void Validate_InvalidValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Equal([expected], exception.Failures);
        Assert.DoesNotContain("s3cret-Pa55", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralInvalidValues_ReportsAllTogether()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "",
            ["Email:Smtp:Host"] = "",
            ["Email:Smtp:Port"] = "70000",
            ["Email:Smtp:Timeout"] = "0",
            ["Email:Smtp:Username"] = "mailer",
        };

        using var provider = new ServiceCollection().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        // At startup: the shared options and the SMTP provider's options each report all their failures.
        var exception = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Email:SenderEmail must not be empty.",
                "Email:Smtp:Host must not be empty.",
                "Email:Smtp:Port must be between 1 and 65535 (it is 70000).",
                "Email:Smtp:Timeout must be between 1 and 3600 seconds (it is 0).",
                "Email:Smtp:Password must not be empty when Email:Smtp:Username is set: give both or neither.",
            ],
            exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(failure => failure.Failures));
    }

    [Fact]
    public void Validate_EmptyCredentialPair_MeansNoAuthentication()
    {
        var options = Resolve(new Dictionary<string, string?>(Valid) { ["Email:Smtp:Username"] = "", ["Email:Smtp:Password"] = "" });

        Assert.Null(options.Username);
        Assert.Null(options.Password);
    }

    [Fact]
    public void Validate_CredentialPair_BindsBothAsSecrets()
    {
        var options = Resolve(new Dictionary<string, string?>(Valid) { ["Email:Smtp:Username"] = "mailer", ["Email:Smtp:Password"] = "s3cret-Pa55" });

        Assert.Equal("mailer", options.Username!.Expose());
        Assert.Equal("s3cret-Pa55", options.Password!.Expose());
    }

    [Theory]
    [InlineData("plaintext", SmtpConnectionMode.Plaintext)]
    [InlineData("Plaintext", SmtpConnectionMode.Plaintext)]
    [InlineData("PLAINTEXT", SmtpConnectionMode.Plaintext)]
    [InlineData("starttls", SmtpConnectionMode.StartTls)]
    [InlineData("start_tls", SmtpConnectionMode.StartTls)]
    [InlineData("StartTls", SmtpConnectionMode.StartTls)]
    [InlineData(" STARTTLS ", SmtpConnectionMode.StartTls)]
    [InlineData("tls", SmtpConnectionMode.Tls)]
    [InlineData("implicit_tls", SmtpConnectionMode.Tls)]
    [InlineData("ImplicitTls", SmtpConnectionMode.Tls)]
    public void Bind_ConnectionSpelling_ParsesCaseInsensitively(string value, SmtpConnectionMode expected)
    {
        var options = Resolve(new Dictionary<string, string?>(Valid) { ["Email:Smtp:Connection"] = value });

        Assert.Equal(expected, options.Connection);
    }

    [Fact]
    public void Bind_UnknownConnection_FailsNamingTheKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => Resolve(new Dictionary<string, string?>(Valid) { ["Email:Smtp:Connection"] = "ssl3" }));

        Assert.Contains("Email:Smtp:Connection", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'ssl3' is not a connection mode: use \"starttls\" (the default), \"tls\" or \"plaintext\".", exception.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownKey_FailsNamingTheKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => Resolve(new Dictionary<string, string?>(Valid) { ["Email:Smtp:Hots"] = "smtp.example.com" }));

        Assert.Contains("Hots", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EnvironmentVariables_OverrideWithDoubleUnderscore()
    {
        const string prefix = "HSE_TEST_ENV_";
        Environment.SetEnvironmentVariable(prefix + "Email__Smtp__Port", "2525");
        Environment.SetEnvironmentVariable(prefix + "Email__Smtp__Connection", "plaintext");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(Valid)
                .AddEnvironmentVariables(prefix)
                .Build();
            var options = Resolve(configuration);

            Assert.Equal(2525, options.Port);
            Assert.Equal(SmtpConnectionMode.Plaintext, options.Connection);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Email__Smtp__Port", null);
            Environment.SetEnvironmentVariable(prefix + "Email__Smtp__Connection", null);
        }
    }

    [Fact]
    public void StartupValidator_InvalidOptions_FailsBeforeAnySend()
    {
        using var provider = new ServiceCollection()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@example.com" }).Build())
            .BuildServiceProvider();

        // The host runs IStartupValidator at startup because AddSmtpEmail calls ValidateOnStart.
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Email:Smtp:Host must not be empty."], exception.Failures);
    }

    [Fact]
    public void Configure_Delegate_IsValidatedToo()
    {
        var services = new ServiceCollection();
        services.AddEmail(options => options.SenderEmail = "no-reply@example.com").AddSmtp(smtp => smtp.Port = 25);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpOptions>>().Value);

        Assert.Equal(["Email:Smtp:Host must not be empty."], exception.Failures);
    }

    private static SmtpOptions Resolve(Dictionary<string, string?> settings) =>
        Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    // The shared options first, as a send reads them, then the SMTP provider's.
    private static SmtpOptions Resolve(IConfiguration configuration)
    {
        using var provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        return provider.GetRequiredService<IOptions<SmtpOptions>>().Value;
    }
}
