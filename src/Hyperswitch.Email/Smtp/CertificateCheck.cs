using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Validates the server's certificate for one connection and remembers why it was refused, so that the error can say
/// so (expired, issued for another name, untrusted issuer) instead of only "the handshake failed".
/// </summary>
internal sealed class CertificateCheck(SmtpEndpoint endpoint)
{
    /// <summary>Gets why the certificate was refused, or <see langword="null"/> when it was not.</summary>
    public string? RefusalReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null && endpoint.TrustedThumbprint is { } trusted
            && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), trusted, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var accepted = endpoint.CertificateValidation is { } custom
            ? custom(sender, certificate, chain, errors)
            : errors == SslPolicyErrors.None;
        if (!accepted)
        {
            RefusalReason = Describe(certificate, chain, errors, endpoint.CertificateValidation is not null);
        }

        return accepted;
    }

    private string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, bool custom)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        var reasons = new List<string>();
        using var leaf = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"it is issued for '{leaf.GetNameInfo(X509NameType.DnsName, forIssuer: false)}', not '{endpoint.Host}'");
        }

        var statuses = chain?.ChainStatus.Select(s => s.Status).ToHashSet() ?? [];
        if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            var now = DateTime.Now;
            reasons.Add(leaf.NotAfter < now
                ? $"it expired on {leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"
                : $"it is not valid before {leaf.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        }

        if (statuses.Contains(X509ChainStatusFlags.Revoked))
        {
            reasons.Add("it has been revoked");
        }

        if (statuses.Contains(X509ChainStatusFlags.RevocationStatusUnknown) || statuses.Contains(X509ChainStatusFlags.OfflineRevocation))
        {
            // The download is bounded (BoundedSmtpClient): a CRL or OCSP server that does not answer ends here.
            reasons.Add($"its revocation could not be checked (the CRL or OCSP server it names did not answer within {endpoint.Timeout.TotalSeconds:0} s, or could not be reached)");
        }

        if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
        {
            reasons.Add("it is not issued by a trusted authority (self-signed or unknown issuer)");
        }

        if (reasons.Count == 0 && errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            reasons.Add($"its chain does not validate ({string.Join(", ", statuses)})");
        }

        if (reasons.Count == 0)
        {
            reasons.Add(custom ? "the application's certificate validation callback refused it" : errors.ToString());
        }

        return $"the certificate was refused: {string.Join("; ", reasons)}";
    }
}
