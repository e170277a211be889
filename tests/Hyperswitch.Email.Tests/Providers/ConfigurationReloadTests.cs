using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

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
        await client.SendEmailAsync("jane@example.com", "One", "<p/>");

        await EditAsync(configuration, path, Json(server.Port, "second@shop.example", "plaintext"));
        await client.SendEmailAsync("jane@example.com", "Two", "<p/>");

        await EditAsync(configuration, path, Json(server.Port, "not-an-address", "plaintext"));
        await client.SendEmailAsync("jane@example.com", "Three", "<p/>");
        await client.SendEmailAsync("jane@example.com", "Four", "<p/>");

        await EditAsync(configuration, path, Json(server.Port, "third@shop.example", "ssl3"));
        await client.SendEmailAsync("jane@example.com", "Five", "<p/>");

        Assert.Equal(
            ["first@shop.example", "second@shop.example", "second@shop.example", "second@shop.example", "second@shop.example"],
            server.Messages.Select(m => m.MailFrom.Split('<', '>')[1]));
        var refusals = logs.Entries.Where(e => e.EventId.Name == "EmailOptionsRefused").ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Contains("Email:SenderEmail has no '@'.", refusals[0].Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("Email:Smtp:Connection", refusals[1].Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, refusals[0].Level);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Rewrites the file and waits for the configuration to reload it (a signal, not a sleep).</summary>
    private static async Task EditAsync(IConfigurationRoot configuration, string path, string json)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        await File.WriteAllTextAsync(path, json);
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
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
