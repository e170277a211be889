using System.ComponentModel;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Smtp;

/// <summary>How the connection to the SMTP server is secured.</summary>
/// <remarks>
/// Configuration accepts <c>"starttls"</c>, <c>"start_tls"</c> and <c>"plaintext"</c> (the spellings of Hyperswitch's
/// configuration and code), <c>"tls"</c> and <c>"implicit_tls"</c>, as well as the member names, case-insensitively.
/// </remarks>
[TypeConverter(typeof(SmtpConnectionModeConverter))]
public enum SmtpConnectionMode
{
    /// <summary>
    /// Connect in plain text, then upgrade with <c>STARTTLS</c> before anything else is sent (usually port 587).
    /// STARTTLS is required: a server that does not offer it, or whose certificate does not validate, fails the send.
    /// </summary>
    StartTls = 0,

    /// <summary>
    /// No TLS at all: messages cross the network in clear text. For local development relays only (port 25 or 1025).
    /// Credentials are refused in this mode unless <see cref="SmtpOptions.AllowPlaintextAuthentication"/> is set.
    /// </summary>
    Plaintext = 1,

    /// <summary>
    /// Implicit TLS: the TLS handshake happens as soon as the connection opens, before the greeting (port 465,
    /// "SMTPS"). The certificate must validate, as with <see cref="StartTls"/>.
    /// </summary>
    Tls = 2,
}
