using System.Net;
using System.Net.Http.Json;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SignupFlows.Data;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>
/// The sample's flows where no real SMTP is the point: the in-memory client of Hyperswitch.Email.Testing replaces it,
/// and the sample's database outbox delivers to it.
/// </summary>
public sealed class InMemoryOutboxTests : IAsyncLifetime
{
    private readonly string _database = SignupFlowsApp.NewDatabase();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Database", _database);
            builder.UseSetting("App:BaseUrl", SignupFlowsApp.BaseUrl.AbsoluteUri);
            // No SMTP server anywhere: the in-memory client needs only the sender.
            builder.UseSetting("Email:Smtp:Host", string.Empty);
            foreach (var (key, value) in SignupFlowsApp.FastOutbox)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddInMemoryEmail());
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SignupFlowsApp.DeleteDatabase(_database);
    }

    [Fact]
    public async Task Register_VerificationEmailInTheOutbox_LinkConfirmsAndLoginSucceeds()
    {
        var client = _app.CreateClient();
        var outbox = _app.Services.GetRequiredService<InMemoryEmailClient>();
        var email = SignupFlowsApp.NewAddress("outbox");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/register", new { email, password = "Passw0rd!" })).StatusCode);
        var verify = await outbox.WaitForEmailAsync(m => m.IsFor(email) && m.Subject == "Verify your email", TimeSpan.FromSeconds(10));
        var link = new Uri(Assert.Single(verify.Links, l => l.StartsWith(SignupFlowsApp.BaseUrl.AbsoluteUri, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/login", new { email, password = "Passw0rd!" })).StatusCode);
        Assert.Contains(link.AbsoluteUri, verify.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidEmail_PutsNothingInTheOutbox()
    {
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/register", new { email = "not-an-address", password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_app.Services.GetRequiredService<InMemoryEmailClient>().Outbox);
        using var scope = _app.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<UsersDbContext>().Set<EmailOutboxMessage>().ToListAsync());
    }
}
