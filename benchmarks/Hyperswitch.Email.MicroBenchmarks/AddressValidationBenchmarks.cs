using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Internal;
using MimeKit;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>Checking one recipient: MimeKit's lenient parse (the baseline) against the library's strict one, which names the field on failure.</summary>
[MemoryDiagnoser]
public class AddressValidationBenchmarks
{
    private readonly EmailAddress _address = new(SampleEmail.Recipient, "Jane Doe");

    [Benchmark(Baseline = true, Description = "raw MimeKit (MailboxAddress.Parse)")]
    public MailboxAddress RawMimeKit() => MailboxAddress.Parse(SampleEmail.Recipient);

    [Benchmark(Description = "library (AddressParser.Parse, with display name)")]
    public MailboxAddress Library() => AddressParser.Parse(_address, "To[0]");

    [Benchmark(Description = "library, invalid address (the reason, no exception)")]
    public string? LibraryInvalid() => AddressParser.TryParse("jane.doe@@example.com", out _);
}
