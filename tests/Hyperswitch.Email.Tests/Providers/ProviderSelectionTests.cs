using Hyperswitch.Email.Providers;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Tests.Providers;

public sealed class ProviderSelectionTests
{
    [Theory]
    [InlineData(null, typeof(SmtpServer))]
    [InlineData("NO_EMAIL_CLIENT", typeof(NoEmailClient))]
    [InlineData("NoEmailClient", typeof(NoEmailClient))]
    [InlineData("SMTP", typeof(SmtpServer))]
    [InlineData("Smtp", typeof(SmtpServer))]
    [InlineData("SES", typeof(SmtpServer))]
    [InlineData("pickup_directory", typeof(PickupDirectoryEmailClient))]
    public void AddEmail_ActiveEmailClient_RegistersThatClient(string? active, Type expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:Smtp:Host"] = "email-smtp.eu-west-1.amazonaws.com",
            ["Email:PickupDirectory:Path"] = Path.GetTempPath(),
        };
        if (active is not null)
        {
            settings["Email:ActiveEmailClient"] = active;
        }

        using var provider = Build(settings);
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType(expected, provider.GetRequiredService<IEmailClient>());
    }

    [Fact]
    public async Task AddEmail_NoClientAndNoSmtpHost_DiscardsAndWarnsAtStartup()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example" }, logs);

        await StartHostedServicesAsync(provider);

        Assert.IsType<NoEmailClient>(provider.GetRequiredService<IEmailClient>());
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name?.StartsWith("EmailClientDiscards", StringComparison.Ordinal) == true);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Email:ActiveEmailClient is NO_EMAIL_CLIENT", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Set Email:Smtp:Host", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmail_ExplicitNoEmailClientWithSmtpHost_KeepsHyperswitchMeaningAndWarns()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(
            new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "NO_EMAIL_CLIENT", ["Email:Smtp:Host"] = "smtp.example.com" },
            logs);

        await StartHostedServicesAsync(provider);

        Assert.IsType<NoEmailClient>(provider.GetRequiredService<IEmailClient>());
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name?.StartsWith("EmailClientDiscards", StringComparison.Ordinal) == true);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Email:Smtp:Host is set but not used", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("SMTP")]
    public async Task AddEmail_SmtpHostSet_SendsThroughSmtpWithoutAWarning(string? active)
    {
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "smtp.example.com" };
        if (active is not null)
        {
            settings["Email:ActiveEmailClient"] = active;
        }

        using var provider = Build(settings, logs);
        provider.GetRequiredService<IStartupValidator>().Validate();
        await StartHostedServicesAsync(provider);

        Assert.IsType<SmtpServer>(provider.GetRequiredService<IEmailClient>());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AddEmail_ReplacedByATestDouble_DoesNotWarn()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddEmail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example" }).Build());
        services.RemoveAll<IEmailClient>();
        services.AddSingleton<IEmailClient, RecordingClient>();
        using var provider = services.BuildServiceProvider();

        await StartHostedServicesAsync(provider);

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void AddEmail_NoEmailClient_NeedsNoSmtpSettings()
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example" });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("SES", "Email:ActiveEmailClient is \"SES\": SES is reached through its SMTP interface. Set Email:Smtp:Host to email-smtp.<region>.amazonaws.com and Email:Smtp:Username and Email:Smtp:Password to SES SMTP credentials (see docs/providers.md).")]
    [InlineData("SMTP", "Email:Smtp:Host must not be empty.")]
    [InlineData("PickupDirectory", "Email:PickupDirectory:Path must not be empty when Email:ActiveEmailClient is \"PickupDirectory\".")]
    public void AddEmail_MissingSettingsOfTheActiveClient_FailAtStartup(string active, string expected)
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = active });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([expected], exception.Failures);
    }

    [Fact]
    public void AddEmail_UnknownClient_FailsNamingTheKey()
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "SENDGRID" });

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Email:ActiveEmailClient", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'SENDGRID' is not an email client", exception.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoEmailClient_Send_LogsMaskedAndDiscardsButStillRefusesBadInput()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example" }, logs);
        var client = provider.GetRequiredService<IEmailClient>();

        await client.SendEmailAsync("jane.doe@example.com", "Reset", "<p>reset-token-123</p>");
        await Assert.ThrowsAsync<EmailParseException>(() => client.SendEmailAsync("jane@", "Reset", "<p/>"));

        var entry = Assert.Single(logs.Entries, e => e.EventId.Name == "EmailDiscarded");
        Assert.Contains("j***@example.com", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("reset-token-123", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickupDirectory_Send_WritesAnEmlFileThatParses()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}", "nested");
        try
        {
            using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "PickupDirectory", ["Email:PickupDirectory:Path"] = folder });
            var client = provider.GetRequiredService<IEmailClient>();

            await client.SendAsync(new EmailMessage("jane@example.com", "Vérifiez ✉", "<p>Hi <a href=\"https://shop.example/v\">verify</a></p>") { Bcc = { "audit@shop.example" } });
            await Assert.ThrowsAsync<EmailBuildException>(() => client.SendEmailAsync("jane@example.com", "a\r\nb", "<p/>"));

            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.EndsWith(".eml", file, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(folder, ".*")));
            var raw = await File.ReadAllTextAsync(file);
            Assert.Contains("\r\n", raw, StringComparison.Ordinal);
            using var parsed = MimeMessage.Load(file);
            Assert.Equal("Vérifiez ✉", parsed.Subject);
            Assert.Equal("no-reply@shop.example", parsed.From.Mailboxes.Single().Address);
            Assert.Equal("jane@example.com", parsed.To.Mailboxes.Single().Address);
            Assert.Equal("<p>Hi <a href=\"https://shop.example/v\">verify</a></p>", parsed.HtmlBody);
            Assert.Contains("verify (https://shop.example/v)", parsed.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task PickupDirectory_FolderCannotBeCreated_ThrowsATypedSendException()
    {
        // A file where the folder should be: creating the directory fails with an IOException.
        var blocker = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "not a folder");
        try
        {
            using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "PickupDirectory", ["Email:PickupDirectory:Path"] = Path.Combine(blocker, "mail") });
            var client = provider.GetRequiredService<IEmailClient>();

            var failure = await Assert.ThrowsAsync<EmailSendException>(() => client.SendEmailAsync("jane@example.com", "Hi", "<p>Hi</p>"));

            Assert.Equal(EmailSendFailure.Unknown, failure.Failure);
            Assert.Equal("PickupDirectory", failure.Provider);
            Assert.IsAssignableFrom<IOException>(failure.InnerException);
            Assert.Contains("Email:PickupDirectory:Path", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private sealed class RecordingClient : IEmailClient
    {
        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private static async Task StartHostedServicesAsync(ServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, CapturingLoggerProvider? logs = null) =>
        new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs ?? new CapturingLoggerProvider()))
            .AddEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
