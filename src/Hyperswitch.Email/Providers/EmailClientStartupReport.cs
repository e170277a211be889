using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Says at startup, at Warning level, when the configuration chosen by <c>AddEmail</c> discards every email, so that a
/// missing <c>Email:ActiveEmailClient</c> is seen on the first run and not after the first user never got their email.
/// </summary>
/// <remarks>
/// It looks at the client actually registered, not at the options alone, so that a test double registered in its place
/// (<c>AddInMemoryEmail</c>) is not reported as discarding.
/// </remarks>
internal sealed partial class EmailClientStartupReport(
    IServiceProvider services,
    IOptionsMonitor<EmailOptions> options,
    ILogger<EmailClientStartupReport>? logger = null)
    : IHostedService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IEmailClient)) is NoEmailClient)
        {
            if (string.IsNullOrWhiteSpace(options.CurrentValue.Smtp?.Host))
            {
                LogDiscardingByDefault();
            }
            else
            {
                LogDiscardingDespiteSmtpHost();
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 22, EventName = "EmailClientDiscards", Level = LogLevel.Warning,
        Message = "No email will be sent: Email:ActiveEmailClient is NO_EMAIL_CLIENT (the default when Email:Smtp:Host is not set), "
            + "which discards every email. Set Email:Smtp:Host, or Email:ActiveEmailClient to \"SMTP\" or \"PickupDirectory\", to deliver them")]
    private partial void LogDiscardingByDefault();

    [LoggerMessage(EventId = 23, EventName = "EmailClientDiscardsDespiteSmtpHost", Level = LogLevel.Warning,
        Message = "No email will be sent: Email:ActiveEmailClient is \"NO_EMAIL_CLIENT\", which discards every email; "
            + "Email:Smtp:Host is set but not used. Set Email:ActiveEmailClient to \"SMTP\" to deliver them")]
    private partial void LogDiscardingDespiteSmtpHost();
}
