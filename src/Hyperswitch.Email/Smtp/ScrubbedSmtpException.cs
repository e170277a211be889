using System.Runtime.ExceptionServices;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// An exception MailKit or MimeKit raised, retold as the inner exception of an <see cref="EmailSendException"/> with
/// the server's text scrubbed (<see cref="ServerTextScrubber"/>): it names the original type and keeps its stack
/// trace, so a log still says where it failed, but a raw reply (which may echo a credential or an address) is
/// reachable from no exception this library throws, and no MailKit or MimeKit type either.
/// </summary>
internal sealed class ScrubbedSmtpException : Exception
{
    public ScrubbedSmtpException(Exception original, ServerTextScrubber scrubber)
        : base($"{original.GetType().FullName}: {scrubber.Scrub(original.Message)}", scrubber.Retell(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
        if (original.StackTrace is { } stackTrace)
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(this, stackTrace);
        }
    }

    /// <summary>Gets the full name of the type MailKit or MimeKit threw.</summary>
    public string OriginalType { get; }
}
