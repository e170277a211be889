using Hyperswitch.Email;
using Hyperswitch.Email.Suppressions.AspNetCore;
using Hyperswitch.Email.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SignupFlows.Data;
using SignupFlows.Emails;

namespace SignupFlows;

/// <summary>
/// The newsletter: bulk mail in its own stream, one message per recipient, each with a one-click unsubscribe link
/// (RFC 8058). Unsubscribing suppresses the newsletter stream only, so the account's emails (a password reset, a
/// sign-in link) still arrive.
/// </summary>
internal static class NewsletterEndpoints
{
    /// <summary>The stream of the newsletter: what its unsubscribe link suppresses.</summary>
    public const string Stream = "newsletter";

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder app)
    {
        // Any logged-in user may send it here, to keep the sample short; a real app restricts this to its staff.
        app.MapPost("/newsletter", SendNewsletterAsync).RequireAuthorization();

        // The one-click POST of RFC 8058 (no login, no cookie, no antiforgery token), and a confirmation page for a
        // click on the link in the body: EmailUnsubscribe:Path, /email/unsubscribe.
        app.MapEmailUnsubscribe();
        return app;
    }

    private static async Task<IResult> SendNewsletterAsync(
        NewsletterRequest request, UsersDbContext db, UserManager<IdentityUser> users, IEmailUnsubscribeLinks unsubscribe, IOptions<AppOptions> app, EmailTemplateRenderer templates, TimeProvider time, CancellationToken cancellationToken)
    {
        var issue = string.IsNullOrWhiteSpace(request.Issue) ? time.GetUtcNow().ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : request.Issue.Trim();
        if (issue.Length > 100)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["issue"] = ["Name the issue in at most 100 characters, for example \"December 2026\"."] });
        }

        // Every confirmed account; an app with many users sends in pages, each saved on its own.
        var recipients = await users.Users.Where(u => u.EmailConfirmed && u.Email != null).Select(u => u.Email!).ToListAsync(cancellationToken);
        int queued = 0, suppressed = 0;
        foreach (var recipient in recipients)
        {
            // The footer's link opens a confirmation page; the List-Unsubscribe headers carry a link of their own that
            // the mailbox provider POSTs to. Both tokens name this recipient and the newsletter stream.
            var email = templates.Create<NewsletterEmail, NewsletterModel>(recipient, new(issue, unsubscribe.CreateUrl(recipient, Stream)));
            var message = await email.ComposeAsync(app.Value.BaseUrl!, cancellationToken);
            unsubscribe.AddUnsubscribe(message, Stream);
            try
            {
                await db.AddEmailAsync(message, cancellationToken);
                queued++;
            }
            catch (EmailSendException exception) when (exception.Failure == EmailSendFailure.Suppressed)
            {
                // Unsubscribed from the newsletter, or suppressed for all mail (a hard bounce, a complaint): nothing is queued.
                suppressed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(new NewsletterReply($"We are sending the {issue} newsletter. Queued: {queued}; skipped (unsubscribed or suppressed): {suppressed}.", queued, suppressed));
    }
}
