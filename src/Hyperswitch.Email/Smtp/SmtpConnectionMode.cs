using System.ComponentModel;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Smtp;

/// <summary>How the connection to the SMTP server is secured.</summary>
/// <remarks>
/// Configuration accepts <c>"starttls"</c>, <c>"start_tls"</c> and <c>"plaintext"</c> (the spellings of Hyperswitch's
/// configuration and code) as well as the member names, case-insensitively.
/// </remarks>
[TypeConverter(typeof(SmtpConnectionModeConverter))]
public enum SmtpConnectionMode
{
    /// <summary>
    /// Connect in plain text, then upgrade with <c>STARTTLS</c> before anything else is sent (usually port 587).
    /// STARTTLS is required: a server that does not offer it, or whose certificate does not validate, fails the send.
    /// </summary>
    StartTls = 0,

    /// <summary>No TLS at all: credentials and messages cross the network in clear text. For local development relays only (port 25 or 1025).</summary>
    Plaintext = 1,
}
