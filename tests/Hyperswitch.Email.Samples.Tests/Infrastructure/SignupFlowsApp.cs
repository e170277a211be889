using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignupFlows.Data;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>
/// The SignupFlows sample in-process (WebApplicationFactory), on its own SQLite file, its outbox sending through a real smtp4dev.
/// Links in its emails point at <see cref="BaseUrl"/>, the test server's address, so that tests can follow them.
/// </summary>
public sealed partial class SignupFlowsApp : WebApplicationFactory<Program>
{
    public static readonly Uri BaseUrl = new("http://localhost/");

    private readonly Dictionary<string, string?> _settings;

    public SignupFlowsApp(Smtp4dev sink, string database, int? smtpPort = null)
    {
        Sink = sink;
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Database"] = database,
            ["App:BaseUrl"] = BaseUrl.AbsoluteUri,
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:SenderName"] = "Shop",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = (smtpPort ?? sink.SmtpPort).ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Connection"] = "plaintext",
            ["Email:Smtp:Timeout"] = "10",
        };
        foreach (var (key, value) in FastOutbox)
        {
            _settings[key] = value;
        }
    }

    /// <summary>
    /// The outbox dispatcher polls and retries within a second, so that tests wait for emails briefly; more attempts
    /// than the default, so that the short retries do not run out while a test keeps SMTP down.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastOutbox = new Dictionary<string, string>
    {
        ["EmailOutbox:PollInterval"] = "00:00:00.100",
        ["EmailOutbox:RetryDelay"] = "00:00:00.200",
        ["EmailOutbox:MaxRetryDelay"] = "00:00:01",
        ["EmailOutbox:MaxAttempts"] = "100",
    };

    public Smtp4dev Sink { get; }

    public string Database { get; }

    /// <summary>A fresh database path under the temp folder; <see cref="DeleteDatabase"/> removes it.</summary>
    public static string NewDatabase() => Path.Combine(Path.GetTempPath(), $"signupflows-{Guid.NewGuid():N}.db");

    public static void DeleteDatabase(string database)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Changes configuration values and reloads them, as an edited appsettings.json would be.</summary>
    public void Reconfigure(string key, string value)
    {
        var configuration = (IConfigurationRoot)Services.GetRequiredService<IConfiguration>();
        configuration[key] = value;
        configuration.Reload();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public static string NewAddress(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    /// <summary>Registers <paramref name="email"/>, follows the link of the verification email and returns a logged-in client.</summary>
    public async Task<HttpClient> RegisterConfirmedAsync(string email, string password)
    {
        var client = CreateClient();
        var register = await client.PostAsJsonAsync("/register", new { email, password });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        var verify = await WaitForEmailAsync(email, "Verify your email");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(verify.Link.PathAndQuery)).StatusCode);
        await LoginAsync(client, email, password);
        return client;
    }

    /// <summary>Logs in with a password and sets the bearer token on <paramref name="client"/>.</summary>
    public static async Task LoginAsync(HttpClient client, string email, string password)
    {
        var login = await client.PostAsJsonAsync("/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        UseToken(client, await login.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static void UseToken(HttpClient client, JsonElement tokenResponse)
    {
        Assert.Equal("Bearer", tokenResponse.GetProperty("tokenType").GetString());
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokenResponse.GetProperty("accessToken").GetString());
    }

    /// <summary>Waits (up to 10 s) for the one email with <paramref name="subject"/> to <paramref name="recipient"/>, and reads it.</summary>
    public async Task<ReceivedEmail> WaitForEmailAsync(string recipient, string subject) =>
        (await WaitForEmailsAsync(recipient, subject, 1))[0];

    /// <summary>Waits (up to 10 s) for exactly <paramref name="count"/> emails with <paramref name="subject"/> to <paramref name="recipient"/>, and reads them.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForEmailsAsync(string recipient, string subject, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var matches = (await Sink.MessagesAsync()).Where(m => m.Subject == subject && m.To.Contains(recipient)).ToList();
            Assert.True(matches.Count <= count, $"{matches.Count} emails '{subject}' to {recipient}, {count} expected.");
            if (matches.Count == count)
            {
                var emails = new List<ReceivedEmail>();
                foreach (var match in matches)
                {
                    var html = await Sink.HtmlAsync(match.Id);
                    var raw = await Sink.RawAsync(match.Id);
                    emails.Add(new ReceivedEmail(match.Id, html, raw, Links(html)));
                }

                return emails;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{matches.Count} emails '{subject}' to {recipient} arrived at smtp4dev, {count} expected.");
            await Task.Delay(50);
        }
    }

    public async Task<int> CountEmailsAsync(string recipient) => (await Sink.MessagesAsync()).Count(m => m.To.Contains(recipient));

    /// <summary>The rows of the app's email outbox, read from its database as they are now.</summary>
    public async Task<List<EmailOutboxMessage>> OutboxAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        return await db.Set<EmailOutboxMessage>().AsNoTracking().ToListAsync();
    }

    /// <summary>The links of an HTML body, decoded as a browser decodes an <c>href</c>.</summary>
    private static List<Uri> Links(string html) =>
        Href().Matches(html).Select(m => new Uri(WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    public sealed record ReceivedEmail(string Id, string Html, string Raw, IReadOnlyList<Uri> Links)
    {
        /// <summary>The one link into the app.</summary>
        public Uri Link => Assert.Single(Links, link => link.AbsoluteUri.StartsWith(BaseUrl.AbsoluteUri, StringComparison.Ordinal));

        public string Query(string name) =>
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Link.Query)[name].ToString();
    }
}
