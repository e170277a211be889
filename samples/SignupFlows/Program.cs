using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SignupFlows;
using SignupFlows.Data;

var builder = WebApplication.CreateBuilder(args);

// The user store: ASP.NET Core Identity on SQLite, with the email outbox in the same file. Created on first run from
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

// Emails: the IEmailClient that Email:ActiveEmailClient chooses, and Identity's own emails sent through it.
builder.Services.AddEmail(builder.Configuration);
builder.Services.AddIdentityEmailSender<IdentityUser>();

// Is the SMTP server usable? GET /health. What was sent? GET /stats (from the Hyperswitch.Email meter).
builder.Services.AddHealthChecks().AddSmtpEmail(tags: ["ready"]);
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
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapSignupFlows();
app.MapHealthChecks("/health");
app.MapGet("/stats", (EmailStats stats) => stats.Snapshot());

// Identity's own API endpoints (/identity/register, /identity/forgotPassword, ...) send their emails through AddIdentityEmailSender.
app.MapGroup("/identity").MapIdentityApi<IdentityUser>();

app.Run();
