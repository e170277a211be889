// Sends one email through the SMTP server that the Email section of the environment names
// (Email__SenderEmail, Email__Smtp__Host, Email__Smtp__Port, ...), as a NativeAOT application would.
// Usage: Hyperswitch.Email.AotSmoke <recipient> <subject>
using System.Diagnostics;
using Hyperswitch.Email;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Hyperswitch.Email.AotSmoke <recipient> <subject>");
    return 2;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddSmtpEmail(configuration);
await using var provider = services.BuildServiceProvider(validateScopes: true);

// What a host does at startup: every option bound and validated, or the error that names the key.
provider.GetRequiredService<IStartupValidator>().Validate();
Console.WriteLine($"Sending through {provider.GetRequiredService<IOptions<SmtpOptions>>().Value}");

await provider.GetRequiredService<IEmailClient>().SendEmailAsync(args[0], args[1], "<p>Sent by a native binary.</p>");

var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
Console.WriteLine($"Sent \"{args[1]}\" {sinceStart.TotalMilliseconds:0} ms after the process started.");
return 0;
