using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>
/// The SignupFlows sample end to end: real HTTP requests in, emails queued in the outbox and delivered by its
/// dispatcher to smtp4dev, links followed back in.
/// </summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class SignupEndpointsTests(Smtp4devPlainFixture sinks) : IAsyncLifetime
{
    private const string Password = "Passw0rd!";

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
    public async Task Register_VerificationLinkFollowed_LoginSucceeds()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("jane");

        var register = await client.PostAsJsonAsync("/register", new { email, password = Password });
        var beforeConfirming = await client.PostAsJsonAsync("/login", new { email, password = Password });
        var verify = await _app.WaitForEmailAsync(email, "Verify your email");
        var confirm = await client.GetAsync(verify.Link.PathAndQuery);
        var login = await client.PostAsJsonAsync("/login", new { email, password = Password });

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal(
            $"We are sending a verification email to {email}. Follow its link, then log in.",
            (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, beforeConfirming.StatusCode);
        Assert.Equal("Email not confirmed", (await beforeConfirming.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal("/confirm-email", verify.Link.AbsolutePath);
        Assert.Contains($"Please confirm that {email} is your email address.", verify.Html, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative", verify.Raw, StringComparison.Ordinal);
        Assert.Contains($"Verify your email ({verify.Link.AbsoluteUri})", verify.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal($"Thank you: {email} is confirmed. You can log in now.\n", await confirm.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        SignupFlowsApp.UseToken(client, await login.Content.ReadFromJsonAsync<JsonElement>());
        var me = await client.GetFromJsonAsync<JsonElement>("/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailConfirmed").GetBoolean());
    }

    [Fact]
    public async Task ConfirmEmail_TamperedToken_IsRefused()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("tamper");
        await client.PostAsJsonAsync("/register", new { email, password = Password });
        var verify = await _app.WaitForEmailAsync(email, "Verify your email");

        var confirm = await client.GetAsync($"/confirm-email?userId={verify.Query("userId")}&token=forged");
        var login = await client.PostAsJsonAsync("/login", new { email, password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_ResetThroughEmailedLink_LoginWorksOnlyWithNewPassword()
    {
        var email = SignupFlowsApp.NewAddress("forgetful");
        var client = await _app.RegisterConfirmedAsync(email, Password);

        var forgot = await client.PostAsJsonAsync("/forgot-password", new { email });
        var reset = await _app.WaitForEmailAsync(email, "Reset your password");
        var page = await client.GetStringAsync(reset.Link.PathAndQuery);
        // What the page's form posts.
        var submit = await client.PostAsync("/reset-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = reset.Query("email"),
            ["token"] = reset.Query("token"),
            ["newPassword"] = "N3w-Passw0rd!",
        }));
        var reused = await client.PostAsJsonAsync("/reset-password", new { email, token = reset.Query("token"), newPassword = "Th1rd-Passw0rd!" });
        var oldPassword = await client.PostAsJsonAsync("/login", new { email, password = Password });
        var newPassword = await client.PostAsJsonAsync("/login", new { email, password = "N3w-Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Equal("/reset-password", reset.Link.AbsolutePath);
        Assert.Contains("<form method=\"post\" action=\"/reset-password\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_UnknownAddress_AnswersTheSameAndSendsNothing()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("nobody");
        var sessionsBefore = await _app.Sink.SessionCountAsync();

        var forgot = await client.PostAsJsonAsync("/forgot-password", new { email });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Equal($"If {email} has an account, we are sending it a link to reset the password.", (await forgot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Empty(await _app.OutboxAsync());
        Assert.Equal(sessionsBefore, await _app.Sink.SessionCountAsync());
    }

    [Fact]
    public async Task MagicLink_LogsInOnceAndNotTwice()
    {
        var email = SignupFlowsApp.NewAddress("magic");
        await _app.RegisterConfirmedAsync(email, Password);
        var client = _app.CreateClient();

        var request = await client.PostAsJsonAsync("/magic-link", new { email });
        var magic = await _app.WaitForEmailAsync(email, "Your sign-in link");
        var first = await client.GetAsync(magic.Link.PathAndQuery);
        var second = await client.GetAsync(magic.Link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.Equal("/magic-login", magic.Link.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        SignupFlowsApp.UseToken(client, await first.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(email, (await client.GetFromJsonAsync<JsonElement>("/me")).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Invalid sign-in link", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Invite_InviteeFollowsLinkAndSetsPassword_CanLogIn()
    {
        var inviter = SignupFlowsApp.NewAddress("jane");
        var invitee = SignupFlowsApp.NewAddress("bob");
        var client = await _app.RegisterConfirmedAsync(inviter, Password);

        var anonymous = await _app.CreateClient().PostAsJsonAsync("/invite", new { email = invitee });
        var invite = await client.PostAsJsonAsync("/invite", new { email = invitee });
        var email = await _app.WaitForEmailAsync(invitee, "You are invited to Shop");
        var page = await client.GetStringAsync(email.Link.PathAndQuery);
        var beforeAccepting = await client.PostAsJsonAsync("/login", new { email = invitee, password = "B0b-Passw0rd!" });
        var accept = await client.PostAsJsonAsync("/accept-invite", new { email = invitee, token = email.Query("token"), newPassword = "B0b-Passw0rd!" });
        var again = await client.PostAsJsonAsync("/invite", new { email = invitee });
        var bob = _app.CreateClient();
        await SignupFlowsApp.LoginAsync(bob, invitee, "B0b-Passw0rd!");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Contains($"{inviter} invited you to join Shop as {invitee}.", email.Html, StringComparison.Ordinal);
        Assert.Equal("/accept-invite", email.Link.AbsolutePath);
        Assert.Contains("<form method=\"post\" action=\"/accept-invite\">", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, beforeAccepting.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(invitee, (await bob.GetFromJsonAsync<JsonElement>("/me")).GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("jane@example.com\r\nBcc: eve@example.com")]
    [InlineData("jane@")]
    [InlineData("")]
    public async Task Register_InvalidEmail_Returns400AndSendsNothing(string email)
    {
        var client = _app.CreateClient();
        var sessionsBefore = await _app.Sink.SessionCountAsync();

        var register = await client.PostAsJsonAsync("/register", new { email, password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType?.MediaType);
        var problem = await register.Content.ReadFromJsonAsync<JsonElement>();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString();
        Assert.Equal(email.Length == 0 ? "Give an email address and a password." : $"'{email}' is not a valid email address.", message);
        Assert.Empty(await _app.OutboxAsync());
        Assert.Equal(sessionsBefore, await _app.Sink.SessionCountAsync());
        Assert.Null(await FindUserAsync(email));
    }

    [Fact]
    public async Task Register_AddressIdentityAcceptsButMailerRefuses_Returns400AndKeepsNeitherUserNorEmail()
    {
        // Identity's check is [EmailAddress] (one '@' inside); MimeKit's strict parser refuses a local part ending in a
        // dot. The refusal comes after Identity saved the user, inside the transaction that is then not committed.
        var client = _app.CreateClient();
        var email = $"jane.{Guid.NewGuid():N}.@example.com";
        var sessionsBefore = await _app.Sink.SessionCountAsync();

        var register = await client.PostAsJsonAsync("/register", new { email, password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        var problem = await register.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"'{email}' is not a valid email address.", problem.GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Null(await FindUserAsync(email));
        Assert.Empty(await _app.OutboxAsync());
        Assert.Equal(sessionsBefore, await _app.Sink.SessionCountAsync());
    }

    [Fact]
    public async Task Register_SmtpDown_AnswersWithoutWaitingAndTheEmailGoesOutOnceSmtpIsBack()
    {
        await _app.DisposeAsync();
        _app = new SignupFlowsApp(sinks.Sink, _database, smtpPort: FreePort.Next());
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("patient");

        var register = await client.PostAsJsonAsync("/register", new { email, password = Password });
        // The dispatcher tries, fails to connect, and keeps the email for a later attempt.
        Assert.True(
            await Eventually.TrueAsync(async () => (await _app.OutboxAsync()) is [{ Attempts: >= 1, LastError: not null }]),
            "The dispatcher did not record a failed attempt.");
        var whileDown = Assert.Single(await _app.OutboxAsync());
        var storedWhileDown = await FindUserAsync(email);
        var stats = await client.GetFromJsonAsync<JsonElement>("/stats");
        _app.Reconfigure("Email:Smtp:Port", sinks.Sink.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var verify = await _app.WaitForEmailAsync(email, "Verify your email");
        var confirm = await client.GetAsync(verify.Link.PathAndQuery);
        var login = await client.PostAsJsonAsync("/login", new { email, password = Password });

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal(
            $"We are sending a verification email to {email}. Follow its link, then log in.",
            (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(EmailOutboxStatus.Pending, whileDown.Status);
        Assert.NotNull(storedWhileDown);
        Assert.False(storedWhileDown.EmailConfirmed);
        Assert.Equal(1, stats.GetProperty("outbox").GetProperty("pending").GetInt32());
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(
            await Eventually.TrueAsync(async () => (await _app.OutboxAsync()) is [{ Status: EmailOutboxStatus.Sent }]),
            "The outbox row was not marked sent.");
        var sent = Assert.Single(await _app.OutboxAsync());
        Assert.Equal(whileDown.MessageId, sent.MessageId);
        Assert.True(sent.Attempts > whileDown.Attempts);
        Assert.Equal(1, await _app.CountEmailsAsync(email));
    }

    [Fact]
    public async Task ResendConfirmation_UnconfirmedAccount_QueuesANewLinkThatConfirms()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("resend");
        await client.PostAsJsonAsync("/register", new { email, password = Password });
        var first = await _app.WaitForEmailAsync(email, "Verify your email");

        var resend = await client.PostAsJsonAsync("/resend-confirmation", new { email });
        var second = Assert.Single(await _app.WaitForEmailsAsync(email, "Verify your email", 2), e => e.Id != first.Id);
        var confirm = await client.GetAsync(second.Link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Equal(
            $"If {email} has an unconfirmed account, we are sending it a new verification email.",
            (await resend.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(2, (await _app.OutboxAsync()).Count);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
    }

    [Fact]
    public async Task Register_SameAddressTwice_Returns409AndPointsToResend()
    {
        var client = _app.CreateClient();
        var email = SignupFlowsApp.NewAddress("twice");
        await client.PostAsJsonAsync("/register", new { email, password = Password });

        var second = await client.PostAsJsonAsync("/register", new { email, password = Password });
        await _app.WaitForEmailAsync(email, "Verify your email");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("POST /resend-confirmation", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(await _app.OutboxAsync());
    }

    private async Task<IdentityUser?> FindUserAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return email.Length == 0 ? null : await users.FindByEmailAsync(email);
    }
}
