using Hyperswitch.Email;

var builder = WebApplication.CreateBuilder(args);

// Binds the "Email" section, validates it at startup and registers IEmailClient.
builder.Services.AddSmtpEmail(builder.Configuration);
builder.Services.AddProblemDetails();

var app = builder.Build();

app.MapPost("/signup", async (SignupRequest request, IEmailClient email, ILogger<Program> logger, HttpResponse response, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Email))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["An email address is required."] });
    }

    // ... store the user, then send the verification email:
    var link = $"https://shop.example/verify?token={Uri.EscapeDataString(Guid.NewGuid().ToString())}";
    try
    {
        await email.SendEmailAsync(
            request.Email,
            "Verify your email",
            $"<p>Welcome! <a href=\"{link}\">Verify your email</a>.</p>",
            cancellationToken);
    }
    catch (EmailException exception)
    {
        return EmailErrors.ToResult(exception, logger, response);
    }

    return Results.Accepted();
});

app.MapPost("/invite", async (SignupRequest request, IEmailClient email, ILogger<Program> logger, HttpResponse response, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Email))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["An email address is required."] });
    }

    var message = new EmailMessage(request.Email, "You're invited", "<p>Join us!</p>")
    {
        Cc = { new EmailAddress("team@shop.example", "Shop team") },
        ReplyTo = { "support@shop.example" },
    };
    try
    {
        await email.SendAsync(message, cancellationToken);
    }
    catch (EmailException exception)
    {
        return EmailErrors.ToResult(exception, logger, response);
    }

    return Results.Accepted();
});

app.Run();

internal sealed record SignupRequest(string? Email);

internal static class EmailErrors
{
    /// <summary>What the caller is told when an email cannot be sent: the README's "Errors" section, as code.</summary>
    public static IResult ToResult(EmailException exception, ILogger logger, HttpResponse response)
    {
        switch (exception)
        {
            case EmailParseException:
                // The address does not parse: nothing was sent. The caller can fix it.
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["This is not a valid email address."] });

            case EmailSendException { Failure: EmailSendFailure.RecipientRejected, IsTransient: false }:
                // The server refused this address for good (550 user unknown, ...): nothing was sent.
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["This address does not accept email."] });

            case EmailSendException { IsTransient: true } send:
                // The relay is down, busy or throttling: the same email may go through later.
                logger.LogWarning(send, "The email could not be sent yet ({Failure}); the caller is asked to try again.", send.Failure);
                response.Headers.RetryAfter = "60";
                return Results.Problem("The email could not be sent right now. Try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable);

            default:
                // A refused login, a TLS or certificate problem, a refused message, or a send the server may already
                // have (MayHaveBeenDelivered): trying again does not help. The details are for the operator's log, not
                // for the caller.
                logger.LogError(exception, "The email could not be sent; fix the configuration or the message before trying again.");
                return Results.Problem("The email could not be sent.", statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
