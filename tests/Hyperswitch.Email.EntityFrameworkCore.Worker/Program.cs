// Runs one outbox dispatcher on a PostgreSQL database until it is killed.
// Arguments: <connection string> <SMTP port> <instance name>
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var (connectionString, smtpPort, instance) = (args[0], args[1], args[2]);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Email:SenderEmail"] = "no-reply@shop.example",
    ["Email:Smtp:Host"] = "127.0.0.1",
    ["Email:Smtp:Port"] = smtpPort,
    ["Email:Smtp:Connection"] = "plaintext",
    ["Email:Smtp:Timeout"] = "5",
});
builder.Services.AddSmtpEmail(builder.Configuration);
builder.Services.AddDbContext<WorkerContext>(options => options.UseNpgsql(connectionString));
builder.Services.AddEmailOutbox<WorkerContext>(options =>
{
    options.InstanceName = instance;
    options.PollInterval = TimeSpan.FromMilliseconds(100);
    options.LeaseDuration = TimeSpan.FromSeconds(3);
    options.BatchSize = 50;
    options.MaxConcurrency = 4;
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("started");
await host.WaitForShutdownAsync();

/// <summary>The same model as the tests' context: the outbox (users are not needed here).</summary>
internal sealed class WorkerContext(DbContextOptions<WorkerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox();
}
