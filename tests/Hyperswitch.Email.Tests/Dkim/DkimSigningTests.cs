using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;

namespace Hyperswitch.Email.Tests.Dkim;

[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class DkimSigningTests(Smtp4devFixture sinks)
{
    [Fact]
    public async Task SendAsync_WithDkim_ArrivesWithASignatureThatVerifies()
    {
        using var rsa = RSA.Create(2048);
        var settings = EmailClientFactory.Plaintext(sinks.Plain.SmtpPort);
        settings["Email:Dkim:Domain"] = "shop.example";
        settings["Email:Dkim:Selector"] = "mail2026";
        settings["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var subject = $"Signed ✉ {Guid.NewGuid():N}";

        await factory.Client.SendAsync(new EmailMessage("jane@example.com", subject, "<p>Verify: <a href=\"https://shop.example/v?t=1\">link</a> é</p>") { Cc = { "cc@example.com" } });

        var raw = await sinks.Plain.RawAsync((await sinks.Plain.WaitForMessageAsync(subject)).Id);
        var received = Load(raw);
        var signature = received.Headers[HeaderId.DkimSignature];
        Assert.Contains("d=shop.example", signature, StringComparison.Ordinal);
        Assert.Contains("s=mail2026", signature, StringComparison.Ordinal);
        Assert.Contains("c=relaxed/relaxed", signature, StringComparison.Ordinal);
        Assert.Contains("a=rsa-sha256", signature, StringComparison.Ordinal);
        var verifier = new DkimVerifier(new SingleKeyLocator(rsa.ExportSubjectPublicKeyInfoPem()));
        Assert.True(await verifier.VerifyAsync(received, received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)]));

        // A body changed after signing must fail.
        var tampered = Load(raw.Replace("Verify:", "Verifx:", StringComparison.Ordinal));
        Assert.NotEqual(raw, raw.Replace("Verify:", "Verifx:", StringComparison.Ordinal));
        Assert.False(await verifier.VerifyAsync(tampered, tampered.Headers[tampered.Headers.IndexOf(HeaderId.DkimSignature)]));
    }

    [Fact]
    public async Task SendAsync_WithEd25519KeyFromFile_Verifies()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.Ed25519KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var path = Path.Combine(Path.GetTempPath(), $"dkim-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, Pem(pair.Private));
        try
        {
            var settings = EmailClientFactory.Plaintext(sinks.Plain.SmtpPort);
            settings["Email:Dkim:Domain"] = "shop.example";
            settings["Email:Dkim:Selector"] = "ed2026";
            settings["Email:Dkim:PrivateKeyPath"] = path;
            using var factory = EmailClientFactory.FromConfiguration(settings);
            var subject = $"Ed25519 {Guid.NewGuid():N}";

            await factory.Client.SendEmailAsync("jane@example.com", subject, "<p>ed25519</p>");

            var received = Load(await sinks.Plain.RawAsync((await sinks.Plain.WaitForMessageAsync(subject)).Id));
            var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
            Assert.Contains("a=ed25519-sha256", signature.Value, StringComparison.Ordinal);
            Assert.True(await new DkimVerifier(new SingleKeyLocator(Pem(pair.Public))).VerifyAsync(received, signature));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Options_BadDkim_AreRefusedAtStartupNamingTheKeys()
    {
        using var weak = RSA.Create(768);
        var cases = new (Action<Dictionary<string, string?>> Set, string Expected)[]
        {
            (s => { s["Email:Dkim:Domain"] = "other.example"; s["Email:Dkim:Selector"] = "s1"; s["Email:Dkim:PrivateKey"] = "x"; }, "Email:Dkim:Domain 'other.example' is neither the domain of Email:SenderEmail ('shop.example') nor a parent of it: DMARC would not align, so receivers could still reject the mail. Sign with the sender's domain."),
            (s => { s["Email:Dkim:Domain"] = "shop.example"; s["Email:Dkim:Selector"] = "s1"; s["Email:Dkim:PrivateKey"] = weak.ExportRSAPrivateKeyPem(); }, "Email:Dkim private key is RSA with 768 bits: DKIM needs at least 1024 (2048 recommended)."),
            (s => { s["Email:Dkim:Domain"] = "shop.example"; s["Email:Dkim:Selector"] = "s1"; s["Email:Dkim:PrivateKey"] = "-----BEGIN RSA PRIVATE KEY-----\nnot-base64-secret\n-----END RSA PRIVATE KEY-----"; }, "Email:Dkim:PrivateKey does not hold a readable PEM private key"),
            (s => { s["Email:Dkim:Domain"] = "shop.example"; s["Email:Dkim:Selector"] = "s1"; s["Email:Dkim:PrivateKeyPath"] = "/nonexistent/dkim.pem"; }, "Email:Dkim:PrivateKeyPath does not hold a readable PEM private key"),
            (s => { s["Email:Dkim:Domain"] = "shop.example"; s["Email:Dkim:Selector"] = "s1"; }, "Email:Dkim needs exactly one of Email:Dkim:PrivateKey (PEM text) and Email:Dkim:PrivateKeyPath (a PEM file)."),
            (s => { s["Email:Dkim:Domain"] = "shop.example"; s["Email:Dkim:Selector"] = "bad selector"; s["Email:Dkim:PrivateKeyPath"] = "/x"; }, "Email:Dkim:Selector must be a DNS label such as mail2026 (letters, digits, '-', '.', '_')."),
        };

        foreach (var (set, expected) in cases)
        {
            var settings = EmailClientFactory.Plaintext(2525);
            set(settings);
            using var factory = EmailClientFactory.FromConfiguration(settings);

            var exception = Assert.Throws<OptionsValidationException>(() => factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value);

            Assert.StartsWith(expected, Assert.Single(exception.Failures), StringComparison.Ordinal);
            Assert.DoesNotContain("not-base64-secret", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_SubdomainSender_AlignsWithParentDomain()
    {
        using var rsa = RSA.Create(2048);
        var settings = EmailClientFactory.Plaintext(2525);
        settings["Email:SenderEmail"] = "no-reply@mail.shop.example";
        settings["Email:Dkim:Domain"] = "shop.example";
        settings["Email:Dkim:Selector"] = "s1";
        settings["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
        using var factory = EmailClientFactory.FromConfiguration(settings);

        Assert.Equal("shop.example", factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Dkim!.Domain);
    }

    private static MimeMessage Load(string raw) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));

    private static string Pem(AsymmetricKeyParameter key)
    {
        using var writer = new StringWriter();
        var pem = new PemWriter(writer);
        pem.WriteObject(new Org.BouncyCastle.Utilities.IO.Pem.PemObject(key.IsPrivate ? "PRIVATE KEY" : "PUBLIC KEY",
            key.IsPrivate
                ? Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded()
                : Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetEncoded()));
        return writer.ToString();
    }
}

/// <summary>Answers every DKIM key lookup with one public key, instead of DNS.</summary>
internal sealed class SingleKeyLocator(string publicKeyPem) : DkimPublicKeyLocatorBase
{
    private readonly AsymmetricKeyParameter _key = (AsymmetricKeyParameter)new PemReader(new StringReader(publicKeyPem)).ReadObject();

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) => _key;

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) => Task.FromResult(_key);
}
