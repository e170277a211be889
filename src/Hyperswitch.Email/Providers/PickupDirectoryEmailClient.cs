using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Writes each message as a standards-compliant <c>.eml</c> file into <c>Email:PickupDirectory:Path</c>, for development:
/// nothing is lost, and any mail client opens the files. A file appears whole or not at all.
/// </summary>
public sealed partial class PickupDirectoryEmailClient : IEmailClient
{
    private readonly CurrentComposer _composer;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="PickupDirectoryEmailClient"/> class.</summary>
    /// <param name="options">The options; the folder and the sender come from them.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public PickupDirectoryEmailClient(IOptionsMonitor<EmailOptions> options, ILogger<PickupDirectoryEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _composer = new CurrentComposer(options, LogOptionsRefused);
    }

    /// <inheritdoc />
    /// <exception cref="EmailSendException">The file cannot be written (<see cref="EmailSendFailure.Unknown"/>, provider <c>PickupDirectory</c>; the inner exception is the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</exception>
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var composer = _composer.Get();
        using var mime = composer.Compose(message);
        await WriteAsync(mime, composer.Options.PickupDirectory.Path, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public PreparedEmail Prepare(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _composer.Get().Prepare(message);
    }

    /// <inheritdoc />
    /// <exception cref="EmailSendException">The file cannot be written (<see cref="EmailSendFailure.Unknown"/>, provider <c>PickupDirectory</c>; the inner exception is the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</exception>
    public async Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        using var mime = email.ToMimeMessage();
        await WriteAsync(mime, _composer.Options.PickupDirectory.Path, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(MimeMessage mime, string path, CancellationToken cancellationToken)
    {
        try
        {
            await WriteFileAsync(mime, path, cancellationToken).ConfigureAwait(false);
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

    private async Task WriteFileAsync(MimeMessage mime, string path, CancellationToken cancellationToken)
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
                await mime.WriteToAsync(WireFormat.Crlf, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, final);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        LogWritten(mime.MessageId ?? string.Empty, final);
    }

    /// <summary>The provider name on this client's exceptions (<see cref="EmailSendException.Provider"/>).</summary>
    internal const string ProviderName = "PickupDirectory";

    [LoggerMessage(EventId = 30, EventName = "EmailWrittenToPickupDirectory", Level = LogLevel.Information,
        Message = "Wrote email {MessageId} to {Path}")]
    private partial void LogWritten(string messageId, string path);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
