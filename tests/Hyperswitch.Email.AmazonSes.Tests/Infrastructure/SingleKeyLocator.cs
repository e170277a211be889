using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>Answers every DKIM key lookup with one public key, instead of DNS.</summary>
internal sealed class SingleKeyLocator(string publicKeyPem) : DkimPublicKeyLocatorBase
{
    private readonly AsymmetricKeyParameter _key = (AsymmetricKeyParameter)new PemReader(new StringReader(publicKeyPem)).ReadObject();

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) => _key;

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) => Task.FromResult(_key);
}
