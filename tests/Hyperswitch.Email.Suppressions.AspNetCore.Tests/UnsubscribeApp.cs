using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Tests;

public sealed class UnsubscribeContext(DbContextOptions<UnsubscribeContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailSuppressions();
}

/// <summary>A real Kestrel application on a loopback port: SMTP to smtp4dev, the suppression list on SQLite, the unsubscribe endpoint.</summary>
public sealed class UnsubscribeApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private UnsubscribeApp(WebApplication app, string folder, Uri baseUrl)
    {
        _app = app;
        _folder = folder;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IEmailUnsubscribeLinks Links => Services.GetRequiredService<IEmailUnsubscribeLinks>();

    public IEmailSuppressionList Suppressions => Services.GetRequiredService<IEmailSuppressionList>();

    public IEmailClient Client => Services.GetRequiredService<IEmailClient>();

    public static async Task<UnsubscribeApp> StartAsync(int smtpPort, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("unsubscribe-").FullName;
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString();
        var port = FreePort.Next();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl.AbsoluteUri);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "news@shop.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Connection"] = "plaintext",
            ["EmailUnsubscribe:BaseUrl"] = baseUrl.AbsoluteUri,
            ["EmailUnsubscribe:MailtoAddress"] = "unsubscribe@shop.example",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSmtpEmail(builder.Configuration);
        builder.Services.AddDbContext<UnsubscribeContext>(options => options.UseSqlite(connection));
        builder.Services.AddEmailSuppressions<UnsubscribeContext>(builder.Configuration);
        builder.Services.AddEmailUnsubscribe(builder.Configuration);
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var app = builder.Build();
        app.MapEmailUnsubscribe();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UnsubscribeContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return new UnsubscribeApp(app, folder, baseUrl);
    }

    /// <summary>Sends the RFC 8058 one-click request as a mailbox provider does: a POST of List-Unsubscribe=One-Click, no cookies.</summary>
    public Task<HttpResponseMessage> OneClickAsync(Uri url) =>
        Http.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A clock set back by <paramref name="offset"/>: links minted with it expire in the past.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
