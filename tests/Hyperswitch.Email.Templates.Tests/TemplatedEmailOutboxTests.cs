using System.Globalization;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Templates.Tests.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hyperswitch.Email.Templates.Tests;

/// <summary>A templated email queued with <c>db.AddEmailAsync</c> on a real PostgreSQL database and sent by the outbox's dispatcher to smtp4dev.</summary>
public sealed class TemplatedEmailOutboxTests(PostgreSqlFixture postgres, Smtp4devPlainFixture smtp)
    : IClassFixture<PostgreSqlFixture>, IClassFixture<Smtp4devPlainFixture>
{
    [Fact]
    public async Task AddEmailAsync_TemplatedEmail_IsRenderedAtEnqueueAndSentByTheDispatcher()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(TestSmtpSettings.Plaintext(smtp.Sink.SmtpPort))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EmailTheme:BrandName"] = "Outbox Shop" })
            .Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<IConfiguration>(configuration);
        builder.Services.AddSmtpEmail(configuration);
        builder.Services.AddEmailTemplates(configuration);
        builder.Services.AddDbContext<TemplatesOutboxContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddEmailOutbox<TemplatesOutboxContext>(options => options.PollInterval = TimeSpan.FromMilliseconds(100));
        using var host = builder.Build();
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<TemplatesOutboxContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        try
        {
            using (var scope = host.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TemplatesOutboxContext>();
                var renderer = scope.ServiceProvider.GetRequiredService<EmailTemplateRenderer>();
                var email = renderer.Create<WelcomeEmail, WelcomeModel>(
                    "outbox@example.com", new WelcomeModel("Grace <Hopper>", "q&t", DateTimeOffset.UnixEpoch, 3m), CultureInfo.GetCultureInfo("de-DE"));
                await db.AddEmailAsync(TemplateServices.BaseUrl, email);
                await db.SaveChangesAsync();
            }

            // The dispatcher polls every 100 ms; on two busy cores the first send can still take longer than
            // WaitForMessageAsync's own wait, so wait for the message itself, up to a generous deadline.
            Smtp4dev.MessageSummary? message = null;
            Assert.True(
                await Eventually.TrueAsync(async () => (message = (await smtp.Sink.MessagesAsync()).FirstOrDefault(m => m.Subject == "Willkommen bei Outbox Shop")) is not null, TimeSpan.FromSeconds(120)),
                "No message with subject 'Willkommen bei Outbox Shop' arrived at smtp4dev.");
            var html = await smtp.Sink.HtmlAsync(message!.Id);
            Assert.Contains("outbox@example.com", message.To);
            Assert.Contains(">Hallo Grace &lt;Hopper&gt;</h1>", html, StringComparison.Ordinal);
            Assert.Contains("https://shop.example/app/welcome?token=q%26t", html, StringComparison.Ordinal);
            Assert.Contains("Hallo Grace <Hopper>", await smtp.Sink.RawAsync(message.Id), StringComparison.Ordinal); // the text part
        }
        finally
        {
            await host.StopAsync();
        }
    }
}

/// <summary>An application's context with the outbox.</summary>
public sealed class TemplatesOutboxContext(DbContextOptions<TemplatesOutboxContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox();
}
