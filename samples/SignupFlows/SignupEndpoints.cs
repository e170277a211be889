using System.Security.Claims;
using Hyperswitch.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SignupFlows.Emails;

namespace SignupFlows;

/// <summary>The signup and login flows: every email goes through <see cref="IEmailClient"/> with <c>ComposeAndSendAsync</c>.</summary>
internal static class SignupEndpoints
{
    public static IEndpointRouteBuilder MapSignupFlows(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Text(Usage));
        app.MapPost("/register", RegisterAsync);
        app.MapGet("/confirm-email", ConfirmEmailAsync);
        app.MapPost("/resend-confirmation", ResendConfirmationAsync);
        app.MapPost("/login", LoginAsync);
        app.MapGet("/me", MeAsync).RequireAuthorization();
        app.MapPost("/forgot-password", ForgotPasswordAsync);
        app.MapGet("/reset-password", (string? email, string? token) =>
            Pages.SetPasswordForm("Choose a new password", "/reset-password", "Reset password", email, token));
        app.MapPost("/reset-password", ResetPasswordAsync);
        app.MapPost("/magic-link", SendMagicLinkAsync);
        app.MapGet("/magic-login", MagicLoginAsync);
        app.MapPost("/invite", InviteAsync).RequireAuthorization();
        app.MapGet("/accept-invite", (string? email, string? token) =>
            Pages.SetPasswordForm("Welcome to Shop", "/accept-invite", "Create my account", email, token));
        app.MapPost("/accept-invite", AcceptInviteAsync);
        return app;
    }

    private static async Task<IResult> RegisterAsync(
        Credentials request, UserManager<IdentityUser> users, IEmailClient email, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Invalid("email", "Give an email address and a password.");
        }

        var user = new IdentityUser { UserName = request.Email, Email = request.Email };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return IdentityErrors(created, request.Email, "password");
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        try
        {
            await email.ComposeAndSendAsync(app.Value.BaseUrl!, new VerifyEmail(request.Email, user.Id, token), cancellationToken);
        }
        catch (EmailParseException)
        {
            // Identity accepted the address but it is not one an email can be sent to: nothing was sent, keep nothing.
            await users.DeleteAsync(user);
            return InvalidEmail(request.Email);
        }
        catch (EmailSendException)
        {
            // The account is stored; only the email is missing. POST /resend-confirmation sends it once SMTP is back.
            return EmailNotSent($"Your account {request.Email} was created, but the verification email could not be sent. "
                + "Ask for it again with POST /resend-confirmation in a few minutes.");
        }

        return Results.Ok(new Reply($"We sent a verification email to {request.Email}. Follow its link, then log in."));
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
        EmailRequest request, UserManager<IdentityUser> users, IEmailClient email, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null && !user.EmailConfirmed)
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            try
            {
                await email.ComposeAndSendAsync(app.Value.BaseUrl!, new VerifyEmail(user.Email!, user.Id, token), cancellationToken);
            }
            catch (EmailSendException)
            {
                return EmailNotSent("The verification email could not be sent. Try again in a few minutes.");
            }
        }

        // The same answer whether or not the account exists, so that it cannot be used to find accounts.
        return Results.Ok(new Reply($"If {request.Email} has an unconfirmed account, we sent it a new verification email."));
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
        EmailRequest request, UserManager<IdentityUser> users, IEmailClient email, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null && user.EmailConfirmed)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            try
            {
                await email.ComposeAndSendAsync(app.Value.BaseUrl!, new ResetPasswordEmail(user.Email!, token), cancellationToken);
            }
            catch (EmailSendException)
            {
                return EmailNotSent("The password reset email could not be sent. Try again in a few minutes.");
            }
        }

        return Results.Ok(new Reply($"If {request.Email} has an account, we sent it a link to reset the password."));
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
        EmailRequest request, UserManager<IdentityUser> users, MagicLinks magicLinks, IEmailClient email, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var user = request.Email is null ? null : await users.FindByEmailAsync(request.Email);
        if (user is not null)
        {
            var token = await magicLinks.CreateAsync(user);
            try
            {
                await email.ComposeAndSendAsync(app.Value.BaseUrl!, new MagicLinkEmail(user.Email!, user.Id, token, MagicLinks.Lifetime), cancellationToken);
            }
            catch (EmailSendException)
            {
                return EmailNotSent("The sign-in email could not be sent. Try again in a few minutes.");
            }
        }

        return Results.Ok(new Reply($"If {request.Email} has an account, we sent it a sign-in link. It works once."));
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
        EmailRequest request, ClaimsPrincipal principal, UserManager<IdentityUser> users, IEmailClient email, IOptions<AppOptions> app, CancellationToken cancellationToken)
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

        // A pending invitation (an account without a password) is sent again; a real account is not touched.
        var invitee = await users.FindByEmailAsync(request.Email);
        var isNew = invitee is null;
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
            await email.ComposeAndSendAsync(app.Value.BaseUrl!, new InviteEmail(invitee.Email!, inviter.Email!, token), cancellationToken);
        }
        catch (EmailParseException)
        {
            if (isNew)
            {
                await users.DeleteAsync(invitee);
            }

            return InvalidEmail(request.Email);
        }
        catch (EmailSendException)
        {
            return EmailNotSent($"The invitation to {request.Email} could not be sent. Invite them again in a few minutes.");
        }

        return Results.Ok(new Reply($"We sent an invitation to {request.Email}."));
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

    private static IResult EmailNotSent(string detail) =>
        Results.Problem(title: "The email could not be sent", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);

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

          POST /register             {"email","password"}  sends "Verify your email"
          GET  /confirm-email        the link in that email
          POST /resend-confirmation  {"email"}
          POST /login                {"email","password"}  a bearer token, once the email is confirmed
          GET  /me                   Authorization: Bearer <accessToken>
          POST /forgot-password      {"email"}             sends "Reset your password"
          POST /reset-password       {"email","token","newPassword"} (or the form the link opens)
          POST /magic-link           {"email"}             sends "Your sign-in link", good once
          GET  /magic-login          the link in that email: a bearer token
          POST /invite               {"email"} with a bearer token: sends "You are invited to Shop"
          POST /accept-invite        {"email","token","newPassword"} (or the form the link opens)

        Identity's own endpoints are under /identity (/identity/register, /identity/forgotPassword, ...).

        """;
}
