using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Writes each message as a standards-compliant <c>.eml</c> file into <c>Email:PickupDirectory:Path</c>, for development:
/// nothing is lost, and any mail client opens the files. A file appears whole or not at all.
/// </summary>
public sealed partial class PickupDirectoryEmailClient : IEmailClient, IEmailTransport
{
    private readonly LastValidOptions<PickupDirectoryOptions> _options;
    private readonly IEmailComposer _composer;
    private readonly EmailSendPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="PickupDirectoryEmailClient"/> class.</summary>
    /// <param name="options">The options (<c>Email:PickupDirectory</c>); the folder comes from them.</param>
    /// <param name="composer">The composer that builds, validates and signs each message.</param>
    /// <param name="pipeline">The send pipeline (hooks, logs, metrics, traces) every send runs through.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="composer"/> or <paramref name="pipeline"/> is <see langword="null"/>.</exception>
    public PickupDirectoryEmailClient(
        IOptionsMonitor<PickupDirectoryOptions> options,
        IEmailComposer composer,
        EmailSendPipeline pipeline,
        ILogger<PickupDirectoryEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(pipeline);
        _composer = composer;
        _pipeline = pipeline;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = new LastValidOptions<PickupDirectoryOptions>(options, LogOptionsRefused);
    }

    /// <summary>Gets the provider's name, <c>PickupDirectory</c>.</summary>
    public string Name => ProviderName;

    /// <inheritdoc />
    /// <exception cref="EmailSendException">The file cannot be written (<see cref="EmailSendFailure.Unknown"/>, provider <c>PickupDirectory</c>; the inner exception is the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</exception>
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        EmailComposition.ComposeAndSendAsync(_composer, _pipeline, this, message, cancellationToken);

    /// <summary>The provider: writes the stored bytes (CRLF, <c>Bcc</c> kept for the reader) as an <c>.eml</c> file.</summary>
    Task IEmailTransport.SendAsync(PreparedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(email, _options.Current.Path, cancellationToken);
    }

    private async Task WriteAsync(PreparedEmail email, string path, CancellationToken cancellationToken)
    {
        try
        {
            await WriteFileAsync(email, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Failure(exception, path);
        }
    }

    /// <summary>
    /// The typed failure for a file that cannot be written: a full disk or a locked file may clear up (transient), a
    /// refused permission or an impossible path does not.
    /// </summary>
    private static EmailSendException Failure(Exception exception, string path)
    {
        var transient = exception is IOException and not (PathTooLongException or DirectoryNotFoundException or DriveNotFoundException);
        return new EmailSendException(
            EmailSendFailure.Unknown,
            transient,
            $"The email could not be written to the pickup directory Email:PickupDirectory:Path '{path}': {exception.GetType().Name}: {exception.Message}",
            innerException: exception)
        {
            Provider = ProviderName,
        };
    }

    private async Task WriteFileAsync(PreparedEmail email, string path, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(path).FullName;
        var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(folder, $".{name}.tmp");
        var final = Path.Combine(folder, $"{name}.eml");
        try
        {
            // Written under a hidden name, then renamed: a reader never sees half a message.
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(email.Content, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, final);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        LogWritten(email.MessageId, final);
    }

    /// <summary>The provider name on this client's exceptions (<see cref="EmailSendException.Provider"/>).</summary>
    internal const string ProviderName = EmailProviderNames.PickupDirectory;

    [LoggerMessage(EventId = 30, EventName = "EmailWrittenToPickupDirectory", Level = LogLevel.Information,
        Message = "Wrote email {MessageId} to {Path}")]
    private partial void LogWritten(string messageId, string path);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
