using System.Security.Claims;
using Hyperswitch.Email;
using Hyperswitch.Email.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SignupFlows.Data;
using SignupFlows.Emails;

namespace SignupFlows;

/// <summary>
/// The signup and login flows. Every email is queued in the outbox with <c>AddEmailAsync</c>, committed with the rows it
/// is about, and sent by the outbox's dispatcher: a request never waits for SMTP, and an email queued while SMTP is
/// down goes out when it is back.
/// </summary>
internal static class SignupEndpoints
{
    /// <summary>How long an invitation's token works: Identity's default <c>DataProtectionTokenProviderOptions.TokenLifespan</c>.</summary>
    private static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapSignupFlows(this IEndpointRouteBuilder app)
    {
        // Text for curl, the same text as a page in the app's look for a browser.
        app.MapGet("/", (HttpRequest request, IOptions<EmailTheme> theme) =>
            request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal) ? Pages.Home(theme.Value, Usage) : Results.Text(Usage));
        app.MapPost("/register", RegisterAsync);
        app.MapGet("/confirm-email", ConfirmEmailAsync);
        app.MapPost("/resend-confirmation", ResendConfirmationAsync);
        app.MapPost("/login", LoginAsync);
        app.MapGet("/me", MeAsync).RequireAuthorization();
        app.MapPost("/forgot-password", ForgotPasswordAsync);
        app.MapGet("/reset-password", (string? email, string? token, IOptions<EmailTheme> theme) =>
            Pages.SetPasswordForm(theme.Value, "Choose a new password", "/reset-password", "Reset password", email, token));
        app.MapPost("/reset-password", ResetPasswordAsync);
        app.MapPost("/magic-link", SendMagicLinkAsync);
        app.MapGet("/magic-login", MagicLoginAsync);
        app.MapPost("/invite", InviteAsync).RequireAuthorization();
        app.MapGet("/accept-invite", (string? email, string? token, IOptions<EmailTheme> theme) =>
            Pages.SetPasswordForm(theme.Value, $"Welcome to {theme.Value.BrandName}", "/accept-invite", "Create my account", email, token));
        app.MapPost("/accept-invite", AcceptInviteAsync);
        return app;
    }

    private static async Task<IResult> RegisterAsync(
        Credentials request, UsersDbContext db, UserManager<IdentityUser> users, IOptions<AppOptions> app, EmailTemplateRenderer templates, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Invalid("email", "Give an email address and a password.");
        }

        // The user and its verification email are committed together or not at all. UserManager saves through the same
        // scoped context, so its writes join this transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new IdentityUser { UserName = request.Email, Email = request.Email };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return IdentityErrors(created, request.Email, "password");
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        try
        {
            await db.AddEmailAsync(app.Value.BaseUrl!, templates.Create<VerifyEmail, VerifyEmailModel>(request.Email, new(user.Id, token)), cancellationToken);
        }
        catch (EmailParseException)
        {
            // Identity accepted the address but it is not one an email can be sent to: the transaction is not
            // committed, so neither the user nor an email is kept.
            return InvalidEmail(request.Email);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(new Reply($"We are sending a verification email to {request.Email}. Follow its link, then log in."));
    }

    private static async Task<IResult> ConfirmEmailAsync(string? userId, string? token, UserManager<IdentityUser> users)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null || !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            return Results.Text("This verification link is invalid or has expired. Ask for a new one with POST /resend-confirmation.\n", statusCode: 400);
        }

        return Results.Text($"Thank you: {user.Email} is confirmed. You can log in now.\n");
    }

    private static async Task<IResult> ResendConfirmationAsync(
        EmailRequest request, UsersDbContext db, UserManager<IdentityUser> users, IOptions<AppOptions> app, EmailTemplateRenderer templates, CancellationToken cancellationToken)
    {
        // For a verification email that was deleted or whose link expired. One queued while SMTP was down needs no
        // resend: the outbox sends it when SMTP is back.
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null && !user.EmailConfirmed)
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await db.AddEmailAsync(app.Value.BaseUrl!, templates.Create<VerifyEmail, VerifyEmailModel>(user.Email!, new(user.Id, token)), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        // The same answer whether or not the account exists, so that it cannot be used to find accounts.
        return Results.Ok(new Reply($"If {request.Email} has an unconfirmed account, we are sending it a new verification email."));
    }

    private static async Task<IResult> LoginAsync(Credentials request, SignInManager<IdentityUser> signIn)
    {
        // Bearer tokens, as Identity's API endpoints issue them: the handler writes the token response itself.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email ?? string.Empty, request.Password ?? string.Empty, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return Results.Empty;
        }

        if (result.IsNotAllowed)
        {
            return Results.Problem(
                title: "Email not confirmed",
                detail: "Follow the link in the verification email before you log in. POST /resend-confirmation sends a new one.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        return result.IsLockedOut
            ? Results.Problem(title: "Account locked", detail: "Too many failed attempts: try again in a few minutes.", statusCode: StatusCodes.Status403Forbidden)
            : Results.Problem(title: "Wrong email or password", statusCode: StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal principal, UserManager<IdentityUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null ? Results.Unauthorized() : Results.Ok(new { user.Email, user.EmailConfirmed });
    }

    private static async Task<IResult> ForgotPasswordAsync(
        EmailRequest request, UsersDbContext db, UserManager<IdentityUser> users, IOptions<AppOptions> app, EmailTemplateRenderer templates, CancellationToken cancellationToken)
    {
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null && user.EmailConfirmed)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            await db.AddEmailAsync(app.Value.BaseUrl!, templates.Create<ResetPasswordEmail, ResetPasswordModel>(user.Email!, new(token)), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        // The same answer, as fast, whether or not the account exists: nothing here waits for SMTP.
        return Results.Ok(new Reply($"If {request.Email} has an account, we are sending it a link to reset the password."));
    }

    private static async Task<IResult> ResetPasswordAsync(SetPasswordRequest? request, UserManager<IdentityUser> users)
    {
        var user = request?.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is null || request?.Token is null || string.IsNullOrEmpty(request.NewPassword))
        {
            return Invalid("token", "This reset link is invalid or has expired.");
        }

        var reset = await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        return reset.Succeeded
            ? Results.Ok(new Reply("Your password was changed. Log in with the new one."))
            : IdentityErrors(reset, request.Email!, "newPassword");
    }

    private static async Task<IResult> SendMagicLinkAsync(
        EmailRequest request, UsersDbContext db, UserManager<IdentityUser> users, MagicLinks magicLinks, IOptions<AppOptions> app, EmailTemplateRenderer templates, CancellationToken cancellationToken)
    {
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null)
        {
            var token = await magicLinks.CreateAsync(user);
            await db.AddEmailAsync(app.Value.BaseUrl!, templates.Create<MagicLinkEmail, MagicLinkModel>(user.Email!, new(user.Id, token, MagicLinks.Lifetime)), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.Ok(new Reply($"If {request.Email} has an account, we are sending it a sign-in link. It works once."));
    }

    private static async Task<IResult> MagicLoginAsync(string? userId, string? token, UserManager<IdentityUser> users, MagicLinks magicLinks, SignInManager<IdentityUser> signIn)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null || !await magicLinks.RedeemAsync(user, token))
        {
            return Results.Problem(
                title: "Invalid sign-in link",
                detail: "This sign-in link is invalid, has expired or was already used. Ask for a new one with POST /magic-link.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (!user.EmailConfirmed)
        {
            // The link arrived in the inbox, which proves the address as well as the verification link would.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user, isPersistent: false);
        return Results.Empty;
    }

    private static async Task<IResult> InviteAsync(
        EmailRequest request, ClaimsPrincipal principal, UsersDbContext db, UserManager<IdentityUser> users, IOptions<AppOptions> app, EmailTemplateRenderer templates, TimeProvider time, CancellationToken cancellationToken)
    {
        var inviter = await users.GetUserAsync(principal);
        if (inviter is null)
        {
            return Results.Unauthorized();
        }

        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return Invalid("email", "Give the email address of the person to invite.");
        }

        // The invitee's account and the invitation are committed together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A pending invitation (an account without a password) is sent again; a real account is not touched.
        var invitee = await users.FindByEmailAsync(request.Email);
        if (invitee is null)
        {
            invitee = new IdentityUser { UserName = request.Email, Email = request.Email };
            var created = await users.CreateAsync(invitee);
            if (!created.Succeeded)
            {
                return IdentityErrors(created, request.Email, "email");
            }
        }
        else if (invitee.EmailConfirmed || await users.HasPasswordAsync(invitee))
        {
            return Results.Problem(title: "Already a user", detail: $"{request.Email} already has an account.", statusCode: StatusCodes.Status409Conflict);
        }

        var token = await users.GeneratePasswordResetTokenAsync(invitee);
        try
        {
            await db.AddEmailAsync(app.Value.BaseUrl!, templates.Create<InviteEmail, InviteModel>(invitee.Email!, new(inviter.Email!, token, time.GetUtcNow().Add(InviteLifetime))), cancellationToken);
        }
        catch (EmailParseException)
        {
            // Not committed: a new invitee's account is not kept.
            return InvalidEmail(request.Email);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(new Reply($"We are sending an invitation to {request.Email}."));
    }

    private static async Task<IResult> AcceptInviteAsync(SetPasswordRequest? request, UserManager<IdentityUser> users)
    {
        var user = request?.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is null || request?.Token is null || string.IsNullOrEmpty(request.NewPassword) || user.EmailConfirmed)
        {
            return Invalid("token", "This invitation link is invalid, has expired or was already used.");
        }

        var accepted = await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        if (!accepted.Succeeded)
        {
            return IdentityErrors(accepted, request.Email!, "newPassword");
        }

        // The invitation arrived in this inbox: the address is proven.
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        return Results.Ok(new Reply($"Welcome! {user.Email} can log in now."));
    }

    private static IResult InvalidEmail(string email) => Invalid("email", $"'{email}' is not a valid email address.");

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult IdentityErrors(IdentityResult result, string email, string passwordField)
    {
        if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
        {
            return Results.Problem(
                title: "Already registered",
                detail: $"{email} already has an account. If its verification email never arrived, POST /resend-confirmation.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var errors = result.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? passwordField : e.Code == "InvalidToken" ? "token" : "email")
            .ToDictionary(
                group => group.Key,
                group => group.Select(e => e.Code switch
                {
                    "InvalidEmail" or "InvalidUserName" => $"'{email}' is not a valid email address.",
                    "InvalidToken" => "This link is invalid or has expired.",
                    _ => e.Description,
                }).Distinct().ToArray());
        return Results.ValidationProblem(errors);
    }

    private const string Usage = """
        SignupFlows: signup and login flows whose emails go through Hyperswitch.Email.

        Emails are queued in the app's database with the account they are about, and a background dispatcher sends
        them: requests do not wait for SMTP, and while SMTP is down the emails wait and go out when it is back.
        GET /health reports SMTP and the outbox backlog; GET /stats counts what was sent and what waits.

          POST /register             {"email","password"}  queues "Verify your email"
          GET  /confirm-email        the link in that email
          POST /resend-confirmation  {"email"}             queues a new "Verify your email"
          POST /login                {"email","password"}  a bearer token, once the email is confirmed
          GET  /me                   Authorization: Bearer <accessToken>
          POST /forgot-password      {"email"}             queues "Reset your password"
          POST /reset-password       {"email","token","newPassword"} (or the form the link opens)
          POST /magic-link           {"email"}             queues "Your sign-in link", good once
          GET  /magic-login          the link in that email: a bearer token
          POST /invite               {"email"} with a bearer token: queues "You are invited to Shop"
          POST /accept-invite        {"email","token","newPassword"} (or the form the link opens)
          POST /newsletter           {"issue"} with a bearer token: queues the newsletter to every confirmed account,
                                     with a one-click unsubscribe link (List-Unsubscribe); unsubscribed ones are skipped
          POST /email/unsubscribe    ?token=... : the one-click unsubscribe (RFC 8058), for the newsletter only

        Identity's own endpoints are under /identity (/identity/register, /identity/forgotPassword, ...); they send
        their emails directly, not through the outbox.

        """;
}
