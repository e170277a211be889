using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>The sample's /health (the SMTP and outbox health checks) and /stats (the library's metrics and the outbox).</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class OperationsEndpointsTests(Smtp4devPlainFixture sinks)
{
    [Fact]
    public async Task Health_SmtpUp_IsHealthy_SmtpDown_IsDegradedBecauseTheOutboxCopes()
    {
        var database = SignupFlowsApp.NewDatabase();
        try
        {
            await using (var up = new SignupFlowsApp(sinks.Sink, database))
            {
                var response = await up.CreateClient().GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            }

            await using var down = new SignupFlowsApp(sinks.Sink, database, smtpPort: FreePort.Next());
            var degraded = await down.CreateClient().GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
            Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync());
        }
        finally
        {
            SignupFlowsApp.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task Stats_CountsTheEmailsSentAndShowsTheOutbox()
    {
        var database = SignupFlowsApp.NewDatabase();
        try
        {
            await using var app = new SignupFlowsApp(sinks.Sink, database);
            var client = app.CreateClient();
            var email = SignupFlowsApp.NewAddress("stats");

            // The first request to the app registers; /stats is asked only afterwards, so it must have listened from the start.
            await client.PostAsJsonAsync("/register", new { email, password = "Passw0rd!" });
            await app.WaitForEmailAsync(email, "Verify your email");
            var after = await client.GetFromJsonAsync<JsonElement>("/stats");

            Assert.True(after.GetProperty("sent").GetInt64() >= 1, $"/stats said {after}.");
            var outbox = after.GetProperty("outbox");
            Assert.Equal(0, outbox.GetProperty("failed").GetInt32());
            Assert.True(outbox.TryGetProperty("pending", out _), $"/stats said {after}.");
            Assert.True(outbox.TryGetProperty("oldestPendingAgeSeconds", out _), $"/stats said {after}.");
        }
        finally
        {
            SignupFlowsApp.DeleteDatabase(database);
        }
    }
}
