using System.Net.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>The application's certificate validation callback, from <c>ConfigureSmtpServerCertificateValidation</c>: code only, kept off the bound <see cref="SmtpOptions"/>.</summary>
internal sealed class SmtpCertificateValidation(RemoteCertificateValidationCallback callback)
{
    public RemoteCertificateValidationCallback Callback { get; } = callback;
}
