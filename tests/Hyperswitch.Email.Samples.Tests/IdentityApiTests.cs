using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>ASP.NET Core Identity's own endpoints (MapIdentityApi under /identity) sending through AddIdentityEmailSender.</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed partial class IdentityApiTests(Smtp4devPlainFixture sinks) : IAsyncLifetime
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
    public async Task Register_ConfirmationEmailThroughIdentitySender_LinkConfirmsAndLoginSucceeds()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("identity");

        var register = await client.PostAsJsonAsync("/identity/register", new { email, password = "Passw0rd!" });
        var confirmation = await _app.WaitForEmailAsync(email, "Confirm your email");
        var confirm = await client.GetAsync(confirmation.Link.PathAndQuery);
        var login = await client.PostAsJsonAsync("/identity/login", new { email, password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal("/identity/confirmEmail", confirmation.Link.AbsolutePath);
        // Identity passes the link HTML-encoded already; it must not arrive encoded twice.
        Assert.DoesNotContain("&amp;amp;", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative", confirmation.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_ResetCodeThroughIdentitySender_ResetsPassword()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("identity-reset");
        await client.PostAsJsonAsync("/identity/register", new { email, password = "Passw0rd!" });
        var confirmation = await _app.WaitForEmailAsync(email, "Confirm your email");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(confirmation.Link.PathAndQuery)).StatusCode);

        var forgot = await client.PostAsJsonAsync("/identity/forgotPassword", new { email });
        var codeEmail = await _app.WaitForEmailAsync(email, "Your password reset code");
        var code = WebUtility.HtmlDecode(Code().Match(codeEmail.Html).Groups[1].Value);
        var reset = await client.PostAsJsonAsync("/identity/resetPassword", new { email, resetCode = code, newPassword = "N3w-Passw0rd!" });
        var login = await client.PostAsJsonAsync("/identity/login", new { email, password = "N3w-Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.NotEmpty(code);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [GeneratedRegex("<strong>([^<]+)</strong>")]
    private static partial Regex Code();
}
