using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Internal;
using MimeKit;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// Building the 4 KB signup email: with MimeKit alone (the baseline), and through the library, which also checks the
/// addresses and header text and, unless given one, derives the plain-text alternative from the HTML.
/// </summary>
[MemoryDiagnoser]
public class MessageBuildBenchmarks
{
    private readonly MailboxAddress _sender = new(SampleEmail.SenderName, SampleEmail.SenderAddress);
    private readonly MessageComposer _composer = new(new EmailOptions { SenderEmail = SampleEmail.SenderAddress, SenderName = SampleEmail.SenderName });

    [Benchmark(Baseline = true, Description = "raw MimeKit (text given)")]
    public MimeMessage RawMimeKit()
    {
        var message = SampleEmail.BuildWithMimeKit();
        message.Dispose();
        return message;
    }

    [Benchmark(Description = "library, text derived from HTML (the default)")]
    public MimeMessage Library()
    {
        var message = _composer.Compose(SampleEmail.Create());
        message.Dispose();
        return message;
    }

    [Benchmark(Description = "library, text given (TextBody)")]
    public MimeMessage LibraryWithTextBody()
    {
        var email = SampleEmail.Create();
        email.TextBody = SampleEmail.Text;
        var message = _composer.Compose(email);
        message.Dispose();
        return message;
    }

    [Benchmark(Description = "library's factory alone (MimeMessageFactory.Create)")]
    public MimeMessage LibraryFactory()
    {
        var message = MimeMessageFactory.Create(SampleEmail.Create(), _sender);
        message.Dispose();
        return message;
    }

    [Benchmark(Description = "HTML to text alone (HtmlToPlainText.Convert)")]
    public string HtmlToText() => HtmlToPlainText.Convert(SampleEmail.Html);
}
