// Runs one outbox dispatcher on a PostgreSQL database until it is killed.
// Arguments: <connection string> <SMTP port> <instance name> [resend-when-uncertain: true|false] [hang-after-send|-] [Email:RateLimit per second|-]
// With hang-after-send, each send that the server accepted prints "accepted <Message-ID>" and never returns, so that
// the test can kill the process after the server's 250 to the final dot and before the outcome is recorded.
using Hyperswitch.Email;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var (connectionString, smtpPort, instance) = (args[0], args[1], args[2]);
var resend = args.Length <= 3 || bool.Parse(args[3]);
var hangAfterSend = args.Length > 4 && args[4] == "hang-after-send";
var rateLimit = args.Length > 5 && args[5] != "-" ? args[5] : null;
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Email:SenderEmail"] = "no-reply@shop.example",
    ["Email:Smtp:Host"] = "127.0.0.1",
    ["Email:Smtp:Port"] = smtpPort,
    ["Email:Smtp:Connection"] = "plaintext",
    ["Email:Smtp:Timeout"] = "5",
});
if (rateLimit is not null)
{
    builder.Configuration["Email:RateLimit:PermitLimit"] = rateLimit;
    builder.Configuration["Email:RateLimit:Period"] = "00:00:01";
}
builder.Services.AddSmtpEmail(builder.Configuration);
if (hangAfterSend)
{
    builder.Services.AddEmailSendHook<HangAfterSendHook>();
}

builder.Services.AddDbContext<WorkerContext>(options => options.UseNpgsql(connectionString));
builder.Services.AddEmailOutbox<WorkerContext>(options =>
{
    options.InstanceName = instance;
    options.PollInterval = TimeSpan.FromMilliseconds(100);
    options.LeaseDuration = TimeSpan.FromSeconds(3);
    options.BatchSize = 50;
    options.MaxConcurrency = 4;
    options.ResendWhenDeliveryUncertain = resend;
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("started");
await host.WaitForShutdownAsync();

/// <summary>The same model as the tests' context: the outbox (users are not needed here).</summary>
internal sealed class WorkerContext(DbContextOptions<WorkerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox().AddEmailOutboxRateLimit();
}

/// <summary>After the SMTP server accepted a message, says so and hangs: the process dies before the outcome is recorded.</summary>
internal sealed class HangAfterSendHook : IEmailSendHook
{
    public async ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
    {
        Console.WriteLine($"accepted {context.Email.MessageId}");
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
    }
}
