using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Configuration.Toml.Tests;

/// <summary>Hyperswitch's own TOML configuration binds unchanged.</summary>
public sealed class TomlConfigurationTests : IDisposable
{
    /// <summary>Verbatim from Hyperswitch's "SMTP Server Integration" documentation.</summary>
    private const string ReferenceSnippet = """
        # Configuration for smtp, applicable when the active email client is SMTP
        [email.smtp]
        host = "mailhog"          # SMTP host (e.g., smtp.gmail.com)
        port = 1025               # SMTP port (e.g., 25, 587)
        timeout = 10              # Timeout for SMTP connection in seconds
        connection = "plaintext"  # Supported values: "plaintext", "starttls"
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("toml-").FullName;

    [Fact]
    public void AddTomlFile_ReferenceSnippet_BindsToSmtpOptions()
    {
        var configuration = new ConfigurationBuilder().AddTomlFile(Write("snippet.toml", ReferenceSnippet)).Build();

        var smtp = configuration.GetSection("Email:Smtp").Get<SmtpOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;

        Assert.Equal(("mailhog", 1025, 10, SmtpConnectionMode.Plaintext), (smtp.Host, smtp.Port, smtp.Timeout, smtp.Connection));
        Assert.Equal("mailhog", configuration["Email:Smtp:Host"]);
    }

    [Fact]
    public async Task AddEmail_FullHyperswitchFile_ValidatesAndSendsThroughSmtp()
    {
        await using var server = new ScriptedSmtpServer();
        var path = Write("docker_compose.toml", $$"""
            [log.console]
            enabled = true
            level = "DEBUG"

            [server]
            port = 8080
            host = "0.0.0.0"

            [master_database]
            username = "db_user"
            password = "db_pass"
            host = "pg"
            port = 5432
            dbname = "hyperswitch_db"

            [email]
            sender_email = "example@example.com"
            aws_region = ""
            allowed_unverified_days = 1
            active_email_client = "SMTP"
            recon_recipient_email = "recon@example.com"
            prod_intent_recipient_email = "business@example.com"

            [email.aws_ses]
            email_role_arn = ""
            sts_role_session_name = ""

            [email.smtp]
            host = "127.0.0.1"
            port = {{server.Port}}
            timeout = 10
            connection = "plaintext"

            [user]
            password_validity_in_days = 90
            two_factor_auth_expiry_in_secs = 300
            """);
        var configuration = new ConfigurationBuilder().AddTomlFile(path).Build();
        var services = new ServiceCollection();
        services.AddEmail(configuration).AddSmtp();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var client = provider.GetRequiredService<IEmailClient>();
        await client.SendEmailAsync("jane@example.com", "From TOML", "<p/>");

        Assert.IsType<SmtpServer>(client);
        Assert.StartsWith("MAIL FROM:<example@example.com>", Assert.Single(server.Messages).MailFrom, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start_tls", SmtpConnectionMode.StartTls)]
    [InlineData("starttls", SmtpConnectionMode.StartTls)]
    [InlineData("plaintext", SmtpConnectionMode.Plaintext)]
    public void AddEmail_HyperswitchSpellings_Bind(string connection, SmtpConnectionMode expected)
    {
        var path = Write("spelling.toml", $"""
            [email]
            sender_email = "no-reply@shop.example"
            active_email_client = "SMTP"

            [email.smtp]
            host = "smtp.shop.example"
            port = 587
            timeout = 10
            connection = "{connection}"
            username = "mailer"
            password = "from-a-secret-store"
            allow_plaintext_authentication = {(expected == SmtpConnectionMode.Plaintext ? "true" : "false")}
            """);
        var services = new ServiceCollection();
        services.AddEmail(new ConfigurationBuilder().AddTomlFile(path).Build()).AddSmtp();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        var smtp = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal(expected, smtp.Connection);
        Assert.Equal("SMTP", options.ActiveEmailClient);
        Assert.Equal("from-a-secret-store", smtp.Password!.Expose());
    }

    [Fact]
    public void AddEmail_MisspeltKeyInToml_FailsNamingIt()
    {
        var path = Write("typo.toml", """
            [email]
            sender_email = "no-reply@shop.example"
            [email.smtp]
            hots = "smtp.shop.example"
            """);
        var services = new ServiceCollection();
        services.AddEmail(new ConfigurationBuilder().AddTomlFile(path).Build()).AddSmtp();
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<SmtpOptions>>().Value);

        Assert.Contains("Hots", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTomlFile_InvalidToml_SaysWhere()
    {
        var path = Write("broken.toml", "[email\nsender_email = ");

        var exception = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddTomlFile(path).Build());

        Assert.Contains("broken.toml", exception.ToString(), StringComparison.Ordinal);
        Assert.IsType<FormatException>(exception.InnerException);
    }

    [Theory]
    [InlineData("sender_email", "SenderEmail")]
    [InlineData("active_email_client", "ActiveEmailClient")]
    [InlineData("smtp", "Smtp")]
    [InlineData("Host", "Host")]
    public void ToPascalCase_SnakeCase_BecomesPascalCase(string name, string expected) =>
        Assert.Equal(expected, Hyperswitch.Email.Configuration.Toml.TomlConfigurationProvider.ToPascalCase(name));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
