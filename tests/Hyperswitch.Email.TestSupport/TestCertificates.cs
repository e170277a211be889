using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hyperswitch.Email.TestSupport;

/// <summary>Real self-signed certificates made on the fly: valid for a name, expired, or for another name.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed certificate for <paramref name="dnsName"/>, valid between the two offsets from now.</summary>
    public static X509Certificate2 Create(string dnsName, TimeSpan notBefore, TimeSpan notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow + notBefore, DateTimeOffset.UtcNow + notAfter);

        // Round-trip through PKCS#12 so that SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Self-signed for <c>localhost</c>, valid now: refused by default validation only because nobody trusts its issuer.</summary>
    public static X509Certificate2 SelfSignedLocalhost() => Create("localhost", TimeSpan.FromDays(-1), TimeSpan.FromDays(30));

    /// <summary>For <c>localhost</c>, expired a year ago.</summary>
    public static X509Certificate2 ExpiredLocalhost() => Create("localhost", TimeSpan.FromDays(-730), TimeSpan.FromDays(-365));

    /// <summary>Valid now, but for <c>wrong-host.example</c>.</summary>
    public static X509Certificate2 WrongHost() => Create("wrong-host.example", TimeSpan.FromDays(-1), TimeSpan.FromDays(30));

    /// <summary>
    /// A certificate for <paramref name="dnsName"/> issued by a CA of its own (returned too, for the server to send
    /// along), whose CRL distribution point is <paramref name="crlUrl"/>: a client checking revocation downloads it.
    /// </summary>
    public static (X509Certificate2 Leaf, X509Certificate2 Issuer) CreateWithCrlDistributionPoint(string dnsName, Uri crlUrl)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Hyperswitch.Email test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl.AbsoluteUri]));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return (
            X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null),
            X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)));
    }

    /// <summary>The SHA-256 thumbprint, as <c>Email:Smtp:TrustedCertificateThumbprint</c> takes it.</summary>
    public static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);
}
