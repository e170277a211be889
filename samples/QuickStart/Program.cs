using Hyperswitch.Email;

var builder = WebApplication.CreateBuilder(args);

// Binds the "Email" section, validates it at startup and registers IEmailClient.
builder.Services.AddSmtpEmail(builder.Configuration);

var app = builder.Build();

app.MapPost("/signup", async (SignupRequest request, IEmailClient email, CancellationToken cancellationToken) =>
{
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
    catch (EmailParseException)
    {
        return Results.ValidationProblem(new Dictionary<string, string[]>
        {
            ["email"] = ["This is not a valid email address."],
        });
    }
    catch (EmailSendException exception) when (exception.IsTransient)
    {
        // The relay is down or busy: the user exists, ask them to use "resend" later.
        return Results.Problem("The verification email could not be sent right now.", statusCode: 503);
    }

    return Results.Accepted();
});

app.MapPost("/invite", async (SignupRequest request, IEmailClient email, CancellationToken cancellationToken) =>
{
    var message = new EmailMessage(request.Email, "You're invited", "<p>Join us!</p>")
    {
        Cc = { new EmailAddress("team@shop.example", "Shop team") },
        ReplyTo = { "support@shop.example" },
    };
    await email.SendAsync(message, cancellationToken);
    return Results.Accepted();
});

app.Run();

internal sealed record SignupRequest(string Email);
