using Hyperswitch.Email.Providers;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Tests.Providers;

public sealed class ProviderSelectionTests
{
    [Theory]
    [InlineData("NO_EMAIL_CLIENT", typeof(NoEmailClient))]
    [InlineData("NoEmailClient", typeof(NoEmailClient))]
    [InlineData("no-email-client", typeof(NoEmailClient))]
    [InlineData("SMTP", typeof(SmtpServer))]
    [InlineData(" smtp ", typeof(SmtpServer))]
    [InlineData("pickup_directory", typeof(PickupDirectoryEmailClient))]
    [InlineData("PickupDirectory", typeof(PickupDirectoryEmailClient))]
    public void AddEmail_ActiveEmailClient_ChoosesAmongTheRegisteredProviders(string active, Type expected)
    {
        using var provider = Build(new()
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:ActiveEmailClient"] = active,
            ["Email:Smtp:Host"] = "smtp.shop.example",
            ["Email:PickupDirectory:Path"] = Path.GetTempPath(),
        });
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType(expected, provider.GetRequiredService<IEmailClient>());
        Assert.True(EmailProviderNames.AreSame(active, provider.GetRequiredService<PreparedEmailSender>().ProviderName));
    }

    [Fact]
    public void AddEmail_OneProviderAndNoActiveEmailClient_SendsThroughIt()
    {
        using var provider = Build(
            new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "smtp.shop.example" },
            providers: builder => builder.AddSmtp());
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<SmtpServer>(provider.GetRequiredService<IEmailClient>());
    }

    [Fact]
    public void AddEmail_SeveralProvidersAndNoActiveEmailClient_FailsAtStartupNamingThem()
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "smtp.shop.example" });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["Email:ActiveEmailClient must be set: several providers are registered (\"SMTP\", \"PickupDirectory\"). Set it to one of them, or to \"NO_EMAIL_CLIENT\" to discard every email."],
            exception.Failures);
    }

    [Fact]
    public async Task AddEmail_NoProviderRegistered_DiscardsAndWarnsAtStartup()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example" }, logs, providers: _ => { });
        provider.GetRequiredService<IStartupValidator>().Validate();

        await StartHostedServicesAsync(provider);

        Assert.IsType<NoEmailClient>(provider.GetRequiredService<IEmailClient>());
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name?.StartsWith("EmailClientDiscards", StringComparison.Ordinal) == true);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(22, warning.EventId.Id);
        Assert.Contains("no provider is registered", warning.Message, StringComparison.Ordinal);
        Assert.Contains("AddSmtp()", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmail_ExplicitNoEmailClientWithSmtpRegistered_KeepsHyperswitchMeaningAndWarns()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(
            new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "NO_EMAIL_CLIENT" },
            logs,
            providers: builder => builder.AddSmtp());

        // Hyperswitch's default TOML: the SMTP settings are not needed, and not validated, while SMTP is not chosen.
        provider.GetRequiredService<IStartupValidator>().Validate();
        await StartHostedServicesAsync(provider);

        Assert.IsType<NoEmailClient>(provider.GetRequiredService<IEmailClient>());
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name?.StartsWith("EmailClientDiscards", StringComparison.Ordinal) == true);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(23, warning.EventId.Id);
        Assert.Contains("though SMTP is registered", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmail_SmtpChosen_StartsWithoutAWarning()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(
            new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "smtp.example.com", ["Email:ActiveEmailClient"] = "SMTP" },
            logs);
        provider.GetRequiredService<IStartupValidator>().Validate();
        await StartHostedServicesAsync(provider);

        Assert.IsType<SmtpServer>(provider.GetRequiredService<IEmailClient>());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task UseProvider_TestDouble_SendsWhateverTheConfigurationSaysAndSkipsTheOtherProvidersRules()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "SMTP" })
            .Build();
        services.AddSmtpEmail(configuration);
        new EmailBuilder(services).AddProvider<RecordingTransport>("Recording").UseProvider("Recording");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        await StartHostedServicesAsync(provider);
        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p>Hi</p>");

        var sent = Assert.Single(provider.GetRequiredService<RecordingTransport>().Sent);
        Assert.Equal(["jane@example.com"], sent.Recipients);
        Assert.Equal("Recording", provider.GetRequiredService<PreparedEmailSender>().ProviderName);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void AddEmail_NoEmailClientChosen_NeedsNoProviderSettings()
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "NO_EMAIL_CLIENT" });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("SMTP", "Email:Smtp:Host must not be empty.")]
    [InlineData("PickupDirectory", "Email:PickupDirectory:Path must not be empty when Email:ActiveEmailClient is \"PickupDirectory\".")]
    public void AddEmail_MissingSettingsOfTheActiveProvider_FailAtStartup(string active, string expected)
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = active });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([expected], exception.Failures);
    }

    [Theory]
    [InlineData("SENDGRID", "Email:ActiveEmailClient is \"SENDGRID\", which is not a registered provider: use one of \"NO_EMAIL_CLIENT\", \"SMTP\", \"PickupDirectory\".")]
    [InlineData("SES", "Email:ActiveEmailClient is \"SES\", which is not a registered provider: use one of \"NO_EMAIL_CLIENT\", \"SMTP\", \"PickupDirectory\". SES's API needs the Hyperswitch.Email.AmazonSes package and AddEmail(configuration).AddAmazonSes(); SES's SMTP endpoint is reached with \"SMTP\".")]
    public void AddEmail_UnregisteredProvider_FailsAtStartupNamingTheKey(string active, string expected)
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = active });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([expected], exception.Failures);
    }

    [Theory]
    [InlineData("Email:Smtp:Hots", "Hots")]
    [InlineData("Email:Sender", "Sender")]
    public void AddEmail_UnknownKey_FailsInItsOwnSection(string key, string expected)
    {
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "SMTP", ["Email:Smtp:Host"] = "smtp.example.com", [key] = "x" });

        var exception = Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"'{expected}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmail_SectionOfAProviderNotRegistered_FailsAsAnUnknownKey()
    {
        using var provider = Build(
            new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:PickupDirectory:Path"] = "/tmp/mail" },
            providers: builder => builder.AddSmtp());

        var exception = Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("'PickupDirectory'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmail_HyperswitchSesTableWithoutTheSesProvider_IsIgnored()
    {
        using var provider = Build(
            new()
            {
                ["Email:SenderEmail"] = "no-reply@shop.example",
                ["Email:ActiveEmailClient"] = "NO_EMAIL_CLIENT",
                ["Email:AwsRegion"] = "eu-west-1",
                ["Email:AwsSes:EmailRoleArn"] = "",
                ["Email:AwsSes:StsRoleSessionName"] = "",
            });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task AddProvider_FromAnotherPackage_BindsItsOwnSectionAndGetsThePipeline()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:ActiveEmailClient"] = "recording",
            ["Email:Recording:Label"] = "staging",
        }).Build();
        var builder = services.AddEmail(configuration).AddProvider<RecordingTransport>("Recording", "Recording");
        builder.AddProviderOptions<RecordingOptions>("Recording");
        var hook = new CountingHook();
        services.AddSingleton<IEmailSendHook>(hook);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p>Hi</p>");

        Assert.Equal("staging", provider.GetRequiredService<IOptions<RecordingOptions>>().Value.Label);
        Assert.Single(provider.GetRequiredService<RecordingTransport>().Sent);
        Assert.Equal(1, hook.Sent);
    }

    [Fact]
    public void AddProviderOptions_UnknownKeyInTheProvidersSection_FailsNamingIt()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:Recording:Lable"] = "staging",
        }).Build();
        services.AddEmail(configuration).AddProvider<RecordingTransport>("Recording", "Recording").AddProviderOptions<RecordingOptions>("Recording");
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        var exception = Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IOptions<RecordingOptions>>().Value);

        Assert.Contains("'Lable'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoEmailClient_Send_LogsMaskedAndDiscardsButStillRefusesBadInput()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:ActiveEmailClient"] = "NO_EMAIL_CLIENT" }, logs);
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

    public sealed class RecordingTransport : IEmailTransport
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<PreparedEmail> _sent = new();

        public string Name => "Recording";

        public IReadOnlyList<PreparedEmail> Sent => [.. _sent];

        public Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue(email);
            return Task.CompletedTask;
        }
    }

    public sealed class RecordingOptions
    {
        public string? Label { get; set; }
    }

    private sealed class CountingHook : IEmailSendHook
    {
        public int Sent { get; private set; }

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Sent++;
            return ValueTask.CompletedTask;
        }
    }

    private static async Task StartHostedServicesAsync(ServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    // By default both of the core's sending providers are registered, as an application offering both would.
    private static ServiceProvider Build(Dictionary<string, string?> settings, CapturingLoggerProvider? logs = null, Action<EmailBuilder>? providers = null)
    {
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs ?? new CapturingLoggerProvider()));
        var builder = services.AddEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        (providers ?? (b => b.AddSmtp().AddPickupDirectory()))(builder);
        return services.BuildServiceProvider();
    }
}
