using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>Reads the bounce mailbox every <c>EmailBounces:PollInterval</c>; a failed read is logged and tried again at the next interval.</summary>
internal sealed partial class EmailBounceProcessorService(IEmailBounceProcessor processor, IOptionsMonitor<EmailBounceMailboxOptions> options, ILogger<EmailBounceProcessorService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (options.CurrentValue.Enabled)
            {
                try
                {
                    await processor.ProcessAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (EmailBounceMailboxException exception)
                {
                    LogReadFailed(exception);
                }
            }

            await Task.Delay(options.CurrentValue.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 213, EventName = "EmailBounceMailboxFailed", Level = LogLevel.Error, Message = "Reading the bounce mailbox failed; trying again after EmailBounces:PollInterval")]
    private partial void LogReadFailed(Exception exception);
}
