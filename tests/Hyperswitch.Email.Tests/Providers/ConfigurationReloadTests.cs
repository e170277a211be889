using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Tests.Providers;

/// <summary>An edited appsettings.json (reloadOnChange) applies to the next send; an invalid edit is refused and logged, and the last valid configuration keeps working.</summary>
public sealed class ConfigurationReloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reload-").FullName;

    [Fact]
    public async Task SendAsync_AfterValidAndInvalidEdits_UsesTheLastValidConfiguration()
    {
        await using var server = new ScriptedSmtpServer();
        var path = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(path, Json(server.Port, "first@shop.example", "plaintext"));
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: true).Build();
        var logs = new CapturingLoggerProvider();
        await using var provider = new ServiceCollection()
            .AddLogging(builder => builder.AddProvider(logs))
            .AddSmtpEmail(configuration)
            .BuildServiceProvider();
        var client = provider.GetRequiredService<IEmailClient>();
        var monitor = provider.GetRequiredService<IOptionsMonitor<EmailOptions>>();
        await client.SendEmailAsync("jane@example.com", "One", "<p/>");

        await EditAsync(configuration, monitor, path, server.Port, "second@shop.example", "plaintext");
        await client.SendEmailAsync("jane@example.com", "Two", "<p/>");

        await EditAsync(configuration, monitor, path, server.Port, "not-an-address", "plaintext");
        await client.SendEmailAsync("jane@example.com", "Three", "<p/>");
        await client.SendEmailAsync("jane@example.com", "Four", "<p/>");

        // Each section is applied or refused on its own: the valid sender applies, the SMTP section keeps its last valid value.
        await EditAsync(configuration, monitor, path, server.Port, "third@shop.example", "ssl3");
        await client.SendEmailAsync("jane@example.com", "Five", "<p/>");

        Assert.Equal(
            ["first@shop.example", "second@shop.example", "second@shop.example", "second@shop.example", "third@shop.example"],
            server.Messages.Select(m => m.MailFrom.Split('<', '>')[1]));
        var refusals = logs.Entries.Where(e => e.EventId.Name == "EmailOptionsRefused").ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Contains("Email:SenderEmail has no '@'.", refusals[0].Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("Email:Smtp:Connection", refusals[1].Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, refusals[0].Level);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Replaces the file in one step (a rename, so the watcher never reads it half-written) and waits until the
    /// configuration holds the new values: a condition on state, not a sleep.
    /// </summary>
    private static async Task EditAsync(IConfigurationRoot configuration, IOptionsMonitor<EmailOptions> monitor, string path, int port, string sender, string connection)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Json(port, sender, connection));
        File.Move(temporary, path, overwrite: true);
        Assert.True(
            await Eventually.TrueAsync(() => configuration["Email:SenderEmail"] == sender && configuration["Email:Smtp:Connection"] == connection, TimeSpan.FromSeconds(30)),
            $"The configuration did not reload {path}.");

        // The options monitor drops its cached value on the same reload; an invalid edit makes it throw from then on.
        Assert.True(await Eventually.TrueAsync(() => OptionsSee(monitor, sender), TimeSpan.FromSeconds(30)), "The options did not follow the reload.");
    }

    private static bool OptionsSee(IOptionsMonitor<EmailOptions> monitor, string sender)
    {
        try
        {
            return monitor.CurrentValue.SenderEmail == sender;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            return true;
        }
    }

    private static string Json(int port, string sender, string connection) => $$"""
        {
          "Email": {
            "SenderEmail": "{{sender}}",
            "Smtp": { "Host": "127.0.0.1", "Port": {{port}}, "Connection": "{{connection}}" }
          }
        }
        """;
}
