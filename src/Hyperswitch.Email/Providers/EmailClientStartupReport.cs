using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Says at startup, at Warning level, when the configuration chosen by <c>AddEmail</c> discards every email, so that a
/// missing <c>Email:ActiveEmailClient</c> is seen on the first run and not after the first user never got their email;
/// and when <c>Email:Redirect</c> sends every email to one address, so that a staging setting left on in production is seen.
/// </summary>
/// <remarks>
/// It looks at the client actually registered, not at the options alone, so that a test double registered in its place
/// (<c>AddInMemoryEmail</c>) is not reported as discarding.
/// </remarks>
internal sealed partial class EmailClientStartupReport(
    IServiceProvider services,
    IEnumerable<EmailProviderRegistration> providers,
    Microsoft.Extensions.Options.IOptionsMonitor<EmailOptions> options,
    ILogger<EmailClientStartupReport>? logger = null)
    : IHostedService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IEmailClient)) is NoEmailClient)
        {
            var senders = providers
                .Select(p => p.Name)
                .Where(name => !EmailProviderNames.AreSame(name, EmailProviderNames.NoEmailClient))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            if (senders.Length == 0)
            {
                LogDiscardingByDefault();
            }
            else
            {
                LogDiscardingDespiteProviders(string.Join(", ", senders));
            }
        }

        if (options.CurrentValue.Redirect is { To: { } to } redirect)
        {
            LogRedirecting(to, redirect.Allow.Length == 0 ? "none" : string.Join(", ", redirect.Allow));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 22, EventName = "EmailClientDiscards", Level = LogLevel.Warning,
        Message = "No email will be sent: no provider is registered, so the active email client is NO_EMAIL_CLIENT, which discards every email. "
            + "Register one with services.AddEmail(configuration).AddSmtp() (or AddSmtpEmail) to deliver them")]
    private partial void LogDiscardingByDefault();

    [LoggerMessage(EventId = 24, EventName = "EmailRedirected", Level = LogLevel.Warning,
        Message = "Email:Redirect is on: every email goes to {RedirectTo} instead of its recipients, except those allowed ({Allowed}); the originals are in X-Original-To and X-Original-Cc. Remove Email:Redirect to send to the real recipients")]
    private partial void LogRedirecting(string redirectTo, string allowed);

    [LoggerMessage(EventId = 23, EventName = "EmailClientDiscardsDespiteProviders", Level = LogLevel.Warning,
        Message = "No email will be sent: Email:ActiveEmailClient is \"NO_EMAIL_CLIENT\", which discards every email, though {Providers} is registered. "
            + "Set Email:ActiveEmailClient to the provider that should deliver them")]
    private partial void LogDiscardingDespiteProviders(string providers);
}
