namespace Hyperswitch.Email.Dkim;

/// <summary>
/// DKIM signing of every message (<c>Email:Dkim</c>), for relays that do not sign: the mail then passes DMARC for the
/// sender's domain. Signing is on when this section is configured.
/// </summary>
/// <remarks>
/// Publish the public key as a TXT record at <c>&lt;Selector&gt;._domainkey.&lt;Domain&gt;</c>. Signatures use
/// relaxed/relaxed canonicalization, and RSA-SHA256 or Ed25519-SHA256 as the key says.
/// </remarks>
public sealed class DkimOptions
{
    /// <summary>Gets or sets the signing domain (<c>Email:Dkim:Domain</c>, the <c>d=</c> tag), the sender's domain or a parent of it.</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>Gets or sets the selector (<c>Email:Dkim:Selector</c>, the <c>s=</c> tag), for example <c>mail2026</c>.</summary>
    public string Selector { get; set; } = string.Empty;

    /// <summary>Gets or sets the private key as PEM text (<c>Email:Dkim:PrivateKey</c>). Give it or <see cref="PrivateKeyPath"/>, not both.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SecretString? PrivateKey { get; set; }

    /// <summary>Gets or sets the path of a PEM file holding the private key (<c>Email:Dkim:PrivateKeyPath</c>). Give it or <see cref="PrivateKey"/>, not both.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Gets or sets the headers to sign (<c>Email:Dkim:HeadersToSign</c>); <c>From</c> is always signed.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="DefaultHeadersToSign"/>.</value>
    public string[]? HeadersToSign { get; set; }

    /// <summary>Gets the headers signed when <see cref="HeadersToSign"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultHeadersToSign { get; } =
        ["From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"];
}
