using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Suppressions.AspNetCore;
using Hyperswitch.Email.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignupFlows;
using SignupFlows.Data;
using SignupFlows.Emails;

var builder = WebApplication.CreateBuilder(args);

// The user store: ASP.NET Core Identity on SQLite, with the email outbox and the suppression list in the same file. Created on first run from
// the migrations in Data/Migrations.
var database = Path.GetFullPath(builder.Configuration["Database"] ?? "signupflows.db", builder.Environment.ContentRootPath);
builder.Services.AddDbContext<UsersDbContext>(options => options.UseSqlite($"Data Source={database}"));
builder.Services.AddIdentityApiEndpoints<IdentityUser>(options =>
    {
        options.SignIn.RequireConfirmedEmail = true;
        options.User.RequireUniqueEmail = true;
    })
    .AddEntityFrameworkStores<UsersDbContext>();
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails();

// Emails: two providers, SMTP (Email:Smtp) and the pickup directory (Email:PickupDirectory), and Email:ActiveEmailClient
// chooses the one that sends. The sample's flows queue their emails in the outbox (in the same transaction as the user
// they are about) and a background dispatcher sends them through that provider,
// retrying while SMTP is down (options: the EmailOutbox section). Identity's own endpoints under /identity still send
// directly through AddIdentityEmailSender: Identity creates the user and calls IEmailSender itself, so the sample has
// no transaction to queue the email in.
builder.Services.AddEmail(builder.Configuration).AddSmtp().AddPickupDirectory();
builder.Services.AddEmailOutbox<UsersDbContext>(builder.Configuration);
builder.Services.AddIdentityEmailSender<IdentityUser>();

// The suppression list, in the same database (the EmailSuppressions table): mail to an address that bounced for good
// (a 5.1.1 at RCPT TO adds it), complained or unsubscribed is refused at enqueue and at send, queued or direct, and
// never sent. The newsletter (POST /newsletter) carries a one-click unsubscribe link (RFC 8058) for its stream only:
// an unsubscribed user still gets password resets. The links are built on App:BaseUrl unless EmailUnsubscribe:BaseUrl
// is set, and signed with the app's Data Protection keys (persist them in production, or old links stop working).
builder.Services.AddEmailSuppressions<UsersDbContext>(builder.Configuration);

// A send hook of the app's own: mail to the reserved domains of RFC 2606 (.test, .invalid) is refused, nothing sent.
builder.Services.AddEmailSendHook<ReservedDomainHook>();
builder.Services.AddEmailUnsubscribe(builder.Configuration);
builder.Services.AddOptions<EmailUnsubscribeOptions>()
    .Configure<Microsoft.Extensions.Options.IOptions<AppOptions>>((unsubscribe, app) => unsubscribe.BaseUrl ??= app.Value.BaseUrl);

// The emails are Razor templates (Emails/*.razor) in one layout, themed by the EmailTheme section, in the recipient's
// language: the request's (English or German, from Accept-Language), texts in Resources/Emails. Identity's three
// emails take the same layout. In Development, GET /emails previews every one of them.
builder.Services.AddEmailTemplates(builder.Configuration);
builder.Services.Configure<EmailTemplateOptions>(options => options.DefaultLayout = typeof(ShopLayout));
builder.Services.AddSignupFlowsEmailPreviews();

// Is the SMTP server usable, and is the outbox keeping up? GET /health. What was sent? GET /stats. With the outbox,
// signups keep working while SMTP is down, so an SMTP outage is Degraded (still 200), not a reason to take the
// instance out of service.
builder.Services.AddHealthChecks()
    .AddSmtpEmail(failureStatus: HealthStatus.Degraded, tags: ["ready"])
    .AddEmailOutbox(tags: ["ready"]);
builder.Services.AddSingleton<EmailStats>();

// Links in emails are built on App:BaseUrl, never on the request's Host header.
builder.Services.AddOptions<AppOptions>()
    .BindConfiguration("App")
    .Validate(options => options.BaseUrl is { IsAbsoluteUri: true } url && url.AbsolutePath.EndsWith('/'), "App:BaseUrl must be an absolute URL ending with '/', such as http://127.0.0.1:5090/.")
    .ValidateOnStart();
builder.Services.AddScoped<MagicLinks>();
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();

// Listen to the email metrics from the start, not from the first /stats request.
app.Services.GetRequiredService<EmailStats>();

using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.Migrate();
}

app.UseExceptionHandler();
app.UseRequestLocalization(options => options.SetDefaultCulture("en").AddSupportedCultures("en", "de").AddSupportedUICultures("en", "de"));
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapSignupFlows();
app.MapNewsletter();
app.MapHealthChecks("/health");
app.MapGet("/stats", async (EmailStats stats, IEmailOutbox outbox, CancellationToken cancellationToken) =>
    stats.Snapshot(await outbox.GetStatisticsAsync(cancellationToken)));

// Identity's own API endpoints (/identity/register, /identity/forgotPassword, ...) send their emails through
// AddIdentityEmailSender, directly and not through the outbox (see above).
app.MapGroup("/identity").MapIdentityApi<IdentityUser>();

// Every email with sample data, in both languages, before anything is sent: GET /emails (Development only).
if (app.Environment.IsDevelopment())
{
    app.MapEmailPreviews("/emails", previews =>
    {
        previews.Cultures.Add("de");
        previews.BaseUrl = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AppOptions>>().Value.BaseUrl;
    });
}

app.Run();
