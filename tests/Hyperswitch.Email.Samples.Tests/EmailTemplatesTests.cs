using System.Net;
using System.Net.Http.Json;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>The sample's emails are Razor templates: in the request's language, in the app's look, previewed at /emails.</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class EmailTemplatesTests(Smtp4devPlainFixture sinks) : IAsyncLifetime
{
    private readonly string _database = SignupFlowsApp.NewDatabase();
    private SignupFlowsApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new SignupFlowsApp(sinks.Sink, _database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SignupFlowsApp.DeleteDatabase(_database);
    }

    [Fact]
    public async Task Register_GermanBrowser_VerificationEmailIsInGermanWithTheInlinedButton()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9");
        var email = SignupFlowsApp.NewAddress("deutsch");

        var register = await client.PostAsJsonAsync("/register", new { email, password = "Passw0rd!" });
        var verify = await _app.WaitForEmailAsync(email, "Bestätigen Sie Ihre E-Mail-Adresse");

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Contains($"Bitte bestätigen Sie, dass {email} Ihre E-Mail-Adresse ist.", WebUtility.HtmlDecode(verify.Html), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de\">", verify.Html, StringComparison.Ordinal);
        Assert.Matches("<a class=\"button\" href=\"[^\"]+\" style=\"[^\"]*background: #0069ed", verify.Html);
        Assert.Equal("/confirm-email", verify.Link.AbsolutePath);
    }

    [Fact]
    public async Task EmailPreviews_InDevelopment_ListEverySampleEmail()
    {
        var client = _app.CreateClient();

        var page = await client.GetStringAsync("/emails");

        foreach (var name in new[] { "Verify your email", "Reset your password", "Sign-in link", "Invitation", "Newsletter", "Identity: confirm email", "Identity: reset link", "Identity: reset code" })
        {
            Assert.Contains($">{name}</a>", page, StringComparison.Ordinal);
        }

        Assert.Contains("<option value=\"de\">de</option>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_TakeTheLookOfTheEmails()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");

        var home = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        var form = await client.GetStringAsync("/accept-invite?email=a%40example.com&token=t");

        Assert.Contains("<p class=\"brand\">Shop</p>", home, StringComparison.Ordinal);
        Assert.Contains("POST /register", home, StringComparison.Ordinal);
        Assert.Contains("<h1>Welcome to Shop</h1>", form, StringComparison.Ordinal);
        Assert.Contains("background: #0069ed", form, StringComparison.Ordinal);
    }
}
